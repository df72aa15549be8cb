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

    /// <summary>
    /// Checks a nested object with its own validator and reports its failures under the object's own paths
    /// (<c>port</c>, <c>advanced.timeoutSeconds</c>), as the request carries them at its top level. Null is not checked.
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, TProperty?> IsValid<T, TProperty>(this IRuleBuilder<T, TProperty?> rule, IValidator<TProperty> validator) =>
        rule.CustomAsync(async (value, context, cancellationToken) =>
        {
            if (value is null)
            {
                return;
            }

            foreach (var failure in (await validator.ValidateAsync(value, cancellationToken)).Errors)
            {
                context.AddFailure(failure.PropertyName, failure.ErrorMessage);
            }
        });
}
