using Desktomy.Email.Domain.Addresses;

namespace Desktomy.Email.Domain.Tests.Addresses;

public sealed class SenderNameTests
{
    public static TheoryData<string, string> Valid => new()
    {
        { "Biuro Acme", "Biuro Acme" },
        { "  Biuro Acme  ", "Biuro Acme" },
        { "Zażółć Gęślą Jaźń", "Zażółć Gęślą Jaźń" },
        { "Acme \"Biuro\" sp. z o.o.", "Acme \"Biuro\" sp. z o.o." },
        { new string('x', 128), new string('x', 128) },
        { "  " + new string('x', 128) + "  ", new string('x', 128) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void a_valid_sender_name_is_kept_trimmed(string value, string expected)
    {
        Assert.True(SenderName.TryCreate(value, out var name, out var error), error);
        Assert.Equal(expected, name?.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void a_null_or_blank_sender_name_means_none(string? value)
    {
        Assert.True(SenderName.TryCreate(value, out var name, out _));
        Assert.Null(name);
    }

    [Fact]
    public void a_sender_name_longer_than_128_characters_is_rejected()
    {
        Assert.False(SenderName.TryCreate(new string('x', 129), out var name, out var error));
        Assert.Null(name);
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("Biuro\r\nBcc: ktos@evil.pl")]
    [InlineData("Biuro\nAcme")]
    [InlineData("Biuro\rAcme")]
    [InlineData("Biuro\0Acme")]
    [InlineData("Biuro\tAcme")]
    [InlineData("Biuro\u007fAcme")]
    [InlineData("Biuro\u0085Acme")]
    [InlineData("Biuro\u2028Acme")]
    [InlineData("Biuro\u2029Acme")]
    [InlineData("Biuro\uFEFFAcme")]
    [InlineData("Biuro Acme\n")]
    [InlineData("\r\nBiuro Acme")]
    [InlineData("\u202EBiuro Acme")]
    [InlineData("Biuro\u200BAcme")]
    [InlineData("Biuro\u2066Acme")]
    [InlineData("Biuro\u00ADAcme")]
    [InlineData("Biuro\u200DAcme")]
    [InlineData("Biuro\U000E0041Acme")]
    public void a_sender_name_with_a_line_break_or_control_character_is_rejected(string value)
    {
        Assert.False(SenderName.TryCreate(value, out var name, out var error));
        Assert.Null(name);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void creating_an_invalid_sender_name_throws()
    {
        var error = Assert.Throws<ArgumentException>(() => SenderName.Create("Biuro\nAcme"));

        Assert.Equal("value", error.ParamName);
    }

    [Fact]
    public void creating_a_blank_sender_name_gives_none()
    {
        Assert.Null(SenderName.Create("  "));
    }
}
