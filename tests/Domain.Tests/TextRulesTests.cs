namespace Desktomy.Email.Domain.Tests;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\0")]
    [InlineData("\t")]
    [InlineData("\u007f")]
    [InlineData("\u0085")]
    [InlineData("\u2028")]
    [InlineData("\u2029")]
    [InlineData("\uFEFF")]
    public void control_characters_and_unicode_line_separators_are_detected(string character)
    {
        Assert.True(TextRules.HasControlCharacters("Biuro" + character + "Acme"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Biuro Acme")]
    [InlineData("Zażółć gęślą jaźń")]
    public void printable_text_has_no_control_characters(string value)
    {
        Assert.False(TextRules.HasControlCharacters(value));
    }
}
