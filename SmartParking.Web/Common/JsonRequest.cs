using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

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

    public static async Task<(JsonRequest? Body, ValidationProblem? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problem("body", $"请求体超过 {MaxBytes / 1024} KiB / body larger than {MaxBytes / 1024} KiB"));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, Problem("body", $"请求体超过 {MaxBytes / 1024} KiB / body larger than {MaxBytes / 1024} KiB"));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, Problem("body", "请求体为空，需要 JSON 对象 / empty body, a JSON object is required"));
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Problem("body", "请求体必须是 JSON 对象 / body must be a JSON object"));
            }

            return (new JsonRequest(document.RootElement.Clone()), null);
        }
        catch (JsonException ex)
        {
            return (null, Problem("body", $"JSON 格式错误 / malformed JSON: {ex.Message}"));
        }
    }

    /// <summary>A string field; numbers are accepted as their text because some cameras send plates unquoted.</summary>
    public string? String(string name, bool required)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                AddError(name, $"缺少字段 {name} / {name} is required");
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
            AddError(name, $"{name} 必须是字符串 / {name} must be a string");
        }
        else if (required && string.IsNullOrWhiteSpace(text))
        {
            AddError(name, $"{name} 不能为空 / {name} must not be empty");
            return null;
        }

        return text;
    }

    public bool Has(string name) => _root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public bool HasError(string field) => _errors.ContainsKey(field);

    public void AddError(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    public ValidationProblem ToProblem() => TypedResults.ValidationProblem(_errors, title: "请求无效 / invalid request");

    public static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "请求无效 / invalid request");
}
