namespace Desktomy.Email.Application.Smtp;

/// <summary>Which networks tenant SMTP hosts may resolve to (configuration section <c>Mail</c>).</summary>
public sealed class SmtpNetworkOptions
{
    public const string Section = "Mail";

    /// <summary>Lets tenant hosts resolve to loopback and private addresses: for tests and development only.</summary>
    public bool AllowPrivateHosts { get; set; }

    /// <summary>CIDRs allowed although private or reserved, e.g. an on-premises relay ("10.20.0.0/16").</summary>
    public string[] AllowedNetworks { get; set; } = [];
}
