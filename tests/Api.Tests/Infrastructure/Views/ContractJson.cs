using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>
/// How the tests read the contract's JSON: web defaults, enums only by their exact contract spelling, and every member
/// a view does not give a default must be present, null only where the view allows it. A body that breaks the contract
/// fails to read instead of reading as a default.
/// </summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new ExactEnumConverterFactory() },
    };

    public static T Read<T>(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The body does not read as {typeof(T).Name} ({e.Message}): {json}", e);
        }
    }

    /// <summary>System.Text.Json's own enum converter ignores case; the contract's spelling is part of what the tests check.</summary>
    private sealed class ExactEnumConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ExactEnumConverter<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class ExactEnumConverter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly Dictionary<string, TEnum> ByName = Enum.GetValues<TEnum>().ToDictionary(NameOf, StringComparer.Ordinal);

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && ByName.TryGetValue(reader.GetString()!, out var value)
                ? value
                : throw new JsonException($"{typeof(TEnum).Name} is one of {string.Join(", ", ByName.Keys)}.");

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WriteStringValue(NameOf(value));

        private static string NameOf(TEnum value) =>
            typeof(TEnum).GetField(value.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? value.ToString();
    }
}
