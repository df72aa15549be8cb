using FluentValidation;
using Mediator;

namespace Desktomy.Email.Application.Common;

/// <summary>Runs the FluentValidation validators of a message before its handler.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            failures.AddRange((await validator.ValidateAsync(message, cancellationToken)).Errors);
        }

        if (FieldErrors.Of(failures) is { } errors)
        {
            throw new RequestValidationException(errors);
        }

        return await next(message, cancellationToken);
    }
}

/// <summary>Validation failures as the contract's field errors: keyed by JSON path (<c>to[0]</c>), messages in order.</summary>
public static class FieldErrors
{
    /// <summary>Null when there are no failures.</summary>
    public static IReadOnlyDictionary<string, string[]>? Of(IEnumerable<FluentValidation.Results.ValidationFailure> failures)
    {
        Dictionary<string, List<string>>? errors = null;
        foreach (var failure in failures)
        {
            errors ??= [];
            var field = JsonPath(failure.PropertyName);
            if (!errors.TryGetValue(field, out var messages))
            {
                errors[field] = messages = [];
            }

            messages.Add(failure.ErrorMessage);
        }

        return errors?.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    private static string JsonPath(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(segment => segment.Length == 0 ? segment : char.ToLowerInvariant(segment[0]) + segment[1..]));
}

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

/// <summary>One of an enum's names as text, matched without regard to case, as the JSON enum values are.</summary>
public static class Choice
{
    /// <summary>The choice named by <paramref name="value"/>; null when it names none (a number is no name), so a validator's conditions can ask safely.</summary>
    public static T? Parse<T>(string? value)
        where T : struct, Enum =>
        IsName<T>(value) ? Enum.Parse<T>(value!, ignoreCase: true) : null;

    public static string? Error<T>(string? value)
        where T : struct, Enum =>
        value is null || IsName<T>(value) ? null : $"Choose one of {string.Join(", ", Enum.GetNames<T>())}.";

    private static bool IsName<T>(string? value)
        where T : struct, Enum =>
        value is not null && Enum.GetNames<T>().Any(name => string.Equals(name, value, StringComparison.OrdinalIgnoreCase));
}
