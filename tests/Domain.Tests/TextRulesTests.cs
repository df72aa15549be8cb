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

    [Theory]
    [InlineData("=?UTF-8?B?SGVsbG8NCkJjYzogeEB5Lno=?=")] // "Hello\r\nBcc: x@y.z"
    [InlineData("Biuro =?utf-8?b?QQpC?= Acme")]
    [InlineData("=?ISO-8859-2?Q?a=0D=0Ab?=")]
    [InlineData("=?UTF-8?q?NUL=00?=")]
    [InlineData("=?UTF-8?B?!!!?=")]
    public void an_encoded_word_that_decodes_to_a_control_character_is_detected(string value)
    {
        Assert.True(TextRules.HidesControlCharacters(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Biuro Acme")]
    [InlineData("a =? b ?= c")]
    [InlineData("=?UTF-8?B?QmlzdHJvIMW8w7PFgnc=?=")] // "Bistro żółw"
    [InlineData("=?ISO-8859-2?Q?Zaj=B1c_i_=BFaba?=")]
    public void text_without_such_an_encoded_word_passes(string? value)
    {
        Assert.False(TextRules.HidesControlCharacters(value));
    }
}
