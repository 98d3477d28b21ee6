using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SmartParking.Domain.Common;

/// <summary>
/// A broken rule, or the reason the gate gives, as a stable code (e.g. <c>Owner.TopUpNotPositive</c>) and the values
/// its sentence needs. The domain holds no sentences: the web layer words the code in the reader's language. An
/// argument may itself be an error (a field's name, say) that is worded the same way.
/// </summary>
public sealed partial class DomainError : IEquatable<DomainError>
{
    private DomainError(string code, object[] arguments)
    {
        Code = code;
        Arguments = arguments;
    }

    public string Code { get; }

    public IReadOnlyList<object> Arguments { get; }

    public static DomainError Of(string code, params object[] arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return new DomainError(code, arguments);
    }

    /// <summary>
    /// The form kept in a text column (a gate event's reason): the code alone, or the code and its arguments as JSON,
    /// so a row written under one language is read later in another.
    /// </summary>
    public string Encode() => Arguments.Count == 0 ? Code : ToJson().ToJsonString();

    /// <summary>A coded reason read back; false for anything else (a guard's own words, rows from before codes).</summary>
    public static bool TryDecode(string? stored, [NotNullWhen(true)] out DomainError? error)
    {
        error = null;
        if (string.IsNullOrEmpty(stored))
        {
            return false;
        }

        if (CodeShape().IsMatch(stored))
        {
            error = new DomainError(stored, []);
            return true;
        }

        if (stored[0] != '{')
        {
            return false;
        }

        try
        {
            error = FromJson(JsonNode.Parse(stored));
        }
        catch (JsonException)
        {
        }

        return error is not null;
    }

    private JsonObject ToJson() => new()
    {
        ["code"] = Code,
        ["args"] = new JsonArray([.. Arguments.Select(ToJson)]),
    };

    private static JsonNode ToJson(object argument) => argument switch
    {
        DomainError inner => inner.ToJson(),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        decimal number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        _ => JsonValue.Create(Convert.ToString(argument, CultureInfo.InvariantCulture) ?? ""),
    };

    private static DomainError? FromJson(JsonNode? node)
    {
        if (node is not JsonObject json || json["code"]?.GetValueKind() != JsonValueKind.String
            || json["code"]!.GetValue<string>() is not { } code || !CodeShape().IsMatch(code) || json["args"] is not JsonArray args)
        {
            return null;
        }

        var arguments = new List<object>();
        foreach (var arg in args)
        {
            object? value = arg?.GetValueKind() switch
            {
                JsonValueKind.String => arg.GetValue<string>(),
                JsonValueKind.Number => arg.GetValue<decimal>(),
                JsonValueKind.Object => FromJson(arg),
                _ => null,
            };
            if (value is null)
            {
                return null;
            }

            arguments.Add(value);
        }

        return new DomainError(code, [.. arguments]);
    }

    [GeneratedRegex(@"^[A-Z][A-Za-z]+\.[A-Z][A-Za-z0-9]+$")]
    private static partial Regex CodeShape();

    public bool Equals(DomainError? other) =>
        other is not null && Code == other.Code && Arguments.SequenceEqual(other.Arguments);

    public override bool Equals(object? obj) => Equals(obj as DomainError);

    public override int GetHashCode() => Code.GetHashCode(StringComparison.Ordinal);

    // For logs and test output only; people read the worded sentence.
    public override string ToString() => Arguments.Count == 0 ? Code : $"{Code}({string.Join(", ", Arguments)})";
}
