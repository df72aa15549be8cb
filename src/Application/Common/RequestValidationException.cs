namespace Desktomy.Email.Application.Common;

/// <summary>The request's shape is wrong; <see cref="Errors"/> is keyed by the request's camelCase JSON paths.</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is not valid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static RequestValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
