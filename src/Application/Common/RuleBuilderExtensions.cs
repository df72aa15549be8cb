using FluentValidation;

namespace Desktomy.Email.Application.Common;

public static class RuleBuilderExtensions
{
    /// <summary>Checks a value with a domain rule that returns its error message, or null when the value is valid.</summary>
    public static IRuleBuilderOptionsConditions<T, TProperty> Satisfies<T, TProperty>(this IRuleBuilder<T, TProperty> rule, Func<TProperty, string?> errorOf) =>
        rule.Custom((value, context) =>
        {
            if (errorOf(value) is { } message)
            {
                context.AddFailure(message);
            }
        });

    /// <summary>The same, reporting the failure under <paramref name="field"/> (for rules over several properties).</summary>
    public static IRuleBuilderOptionsConditions<T, TProperty> Satisfies<T, TProperty>(this IRuleBuilder<T, TProperty> rule, Func<TProperty, string?> errorOf, string field) =>
        rule.Custom((value, context) =>
        {
            if (errorOf(value) is { } message)
            {
                context.AddFailure(field, message);
            }
        });
}
