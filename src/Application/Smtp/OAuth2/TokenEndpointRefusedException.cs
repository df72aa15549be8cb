namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>Plain http was about to go to an address other than loopback. Nothing was sent to it.</summary>
public sealed class TokenEndpointRefusedException(string host)
    : Exception($"The token endpoint '{host}' must be reached over https.");
