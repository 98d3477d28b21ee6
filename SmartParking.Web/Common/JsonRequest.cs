using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Common;

namespace SmartParking.Web.Common;

/// <summary>
/// Reads a JSON object body ourselves, so every malformed, oversize or incomplete request gets a 400 problem that
/// names the offending field instead of the framework's bare binding failure.
/// </summary>
public sealed class JsonRequest
{
    public const int MaxBytes = 64 * 1024;

    private readonly JsonElement _root;
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    private JsonRequest(JsonElement root) => _root = root;

    public bool IsValid => _errors.Count == 0;

    public static async Task<(JsonRequest? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problem("body", ErrorText.Get("Api.BodyTooLarge", MaxBytes / 1024)));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, Problem("body", ErrorText.Get("Api.BodyTooLarge", MaxBytes / 1024)));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, Problem("body", ErrorText.Get("Api.BodyEmpty")));
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Problem("body", ErrorText.Get("Api.BodyNotObject")));
            }

            return (new JsonRequest(document.RootElement.Clone()), null);
        }
        catch (JsonException ex)
        {
            return (null, Problem("body", ErrorText.Get("Api.BodyMalformed", (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1)));
        }
    }

    /// <summary>A string field; numbers are accepted as their text because some cameras send plates unquoted.</summary>
    public string? String(string name, bool required)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                AddError(name, ErrorText.Get("Api.FieldRequired", name));
            }

            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            AddError(name, ErrorText.Get("Api.FieldNotString", name));
        }
        else if (required && string.IsNullOrWhiteSpace(text))
        {
            AddError(name, ErrorText.Get("Api.FieldEmpty", name));
            return null;
        }

        return text;
    }

    /// <summary>A whole number field (a number or its text); a wrong one is an error naming the field.</summary>
    public int? Int(string name, bool required) =>
        String(name, required) is { } text && !HasError(name)
            ? int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : Fail<int>(name, "Api.FieldNotWholeNumber")
            : null;

    /// <summary>An amount of money in yuan (a number or its text).</summary>
    public decimal? Decimal(string name, bool required) =>
        String(name, required) is { } text && !HasError(name)
            ? decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : Fail<decimal>(name, "Api.FieldNotNumber")
            : null;

    public bool? Bool(string name)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        AddError(name, ErrorText.Get("Api.FieldNotBoolean", name));
        return null;
    }

    /// <summary>The objects of an array field, each read like a body of its own (its errors are the caller's to prefix).</summary>
    public IReadOnlyList<JsonRequest>? Objects(string name)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.Object))
        {
            AddError(name, ErrorText.Get("Api.FieldNotObjectList", name));
            return null;
        }

        return [.. value.EnumerateArray().Select(item => new JsonRequest(item))];
    }

    /// <summary>Moves an inner object's errors here under <c>prefix.field</c>.</summary>
    public void TakeErrorsOf(JsonRequest inner, string prefix)
    {
        foreach (var (field, messages) in inner._errors)
        {
            foreach (var message in messages)
            {
                AddError($"{prefix}.{field}", message);
            }
        }
    }

    private T? Fail<T>(string name, string code) where T : struct
    {
        AddError(name, ErrorText.Get(code, name));
        return null;
    }

    /// <summary>An optional array field; null when absent, or when it is no array (then named as an error).</summary>
    public IReadOnlyList<JsonElement>? Array(string name)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            AddError(name, ErrorText.Get("Api.FieldNotList", name));
            return null;
        }

        return [.. value.EnumerateArray()];
    }

    public bool Has(string name) => _root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public bool HasError(string field) => _errors.ContainsKey(field);

    public void AddError(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    public void AddError(string field, DomainError error) => AddError(field, ErrorText.Describe(error));

    public ProblemHttpResult ToProblem() => ApiFailure.Invalid(_errors).ToProblem();

    public static ProblemHttpResult Problem(string field, string message) =>
        ApiFailure.Invalid(new Dictionary<string, string[]> { [field] = [message] }).ToProblem();
}
