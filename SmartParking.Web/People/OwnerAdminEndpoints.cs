using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.People;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.People;

/// <summary>The office's register of owners over the API: create, search, import from a file, issue a login link.</summary>
public static class OwnerAdminEndpoints
{
    public const string FileField = "file";

    // Field names as the API spells them, for the problems that name one.
    private static readonly Dictionary<OwnerField, string> Fields = new()
    {
        [OwnerField.Name] = "name",
        [OwnerField.IdNumber] = "id_number",
        [OwnerField.Mobile] = "mobile",
        [OwnerField.Unit] = "unit",
        [OwnerField.Plates] = "vehicles",
    };

    internal static void Map(RouteGroupBuilder api)
    {
        var owners = api.MapGroup("/admin/owners").RequireAuthorization(Policies.Admin).RequireLot();
        owners.MapPost("", CreateAsync)
            .WithSummary("Register an owner with their vehicles (approved at once); ID and mobile are stored encrypted and answered masked")
            .Accepts<OwnerBody>("application/json");
        owners.MapGet("", SearchAsync)
            .WithSummary("Owners whose name or unit contains the query, or who have the plate it spells (at most `take`, 50 by default, 200 at most)");
        owners.MapPost("/import", ImportAsync)
            .DisableAntiforgery()
            // No Accepts<IFormFile>: routing would answer another content type with a bare 415 instead of our problem.
            .WithSummary("Owners from a CSV or XLSX file (multipart/form-data, field 'file'): dryRun=true lists every bad row and column; dryRun=false writes all valid rows in one transaction and skips the bad ones");
        owners.MapGet("/import/template", Template)
            .WithSummary("The empty import file with its columns: format=csv or xlsx");
        owners.MapPost("/{id:guid}/activation", IssueLinkAsync)
            .WithSummary("A one-time link (72 h) with which the owner sets their password; for an owner with a login it is the forced reset. Shown once");
    }

    public sealed record VehicleBody(string plate, string? vehicle_type);

    public sealed record OwnerBody(string name, string id_number, string mobile, string unit, VehicleBody[]? vehicles);

    private static async Task<Results<Created<Dictionary<string, object?>>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, OwnerRegister register, LotClock clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var name = body.String("name", required: true);
        var idNumber = body.String("id_number", required: true);
        var mobile = body.String("mobile", required: true);
        var unit = body.String("unit", required: true);
        var vehicles = new List<(string?, string?)>();
        foreach (var item in body.Array("vehicles") ?? [])
        {
            vehicles.Add(item.ValueKind switch
            {
                JsonValueKind.String => (item.GetString(), null),
                JsonValueKind.Object => (Text(item, "plate"), Text(item, "vehicle_type")),
                _ => (null, null),
            });
        }

        var draft = OwnerDraft.TryRead(lot.Lot, name, idNumber, mobile, unit, vehicles, DateOnly.FromDateTime(clock.LocalNow), out var errors);
        foreach (var (field, error) in errors)
        {
            if (!body.HasError(Fields[field]))
            {
                body.AddError(Fields[field], error);
            }
        }

        if (draft is null || !body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var owner = await register.CreateAsync(lot.Id, draft, caller.Identity?.Name ?? "admin", cancellationToken);
            return TypedResults.Created($"/api/owners/{owner.Id}", Json(owner));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About("vehicles").ToProblem();
        }
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> SearchAsync(
        RequestLot lot, OwnerRegister register, string? query, string? take, CancellationToken cancellationToken)
    {
        var count = 50;
        if (take is not null && (!int.TryParse(take, out count) || count < 1 || count > OwnerRegister.MaxPage))
        {
            return JsonRequest.Problem("take", ErrorText.Get("Api.TakeOutOfRange", 1, OwnerRegister.MaxPage));
        }

        var page = await register.SearchAsync(lot.Id, query, count, cancellationToken);
        return TypedResults.Ok(new Dictionary<string, object?>
        {
            ["total"] = page.Total,
            ["owners"] = page.Rows.Select(Json).ToList(),
        });
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, OwnerImport import, string? dryRun, CancellationToken cancellationToken)
    {
        var dry = dryRun is null || dryRun.Equals("true", StringComparison.OrdinalIgnoreCase);
        if (dryRun is not null && !dry && !dryRun.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return ApiFailure.Of("Import.DryRunInvalid").About("dryRun").ToProblem();
        }

        var (file, problem) = await ReadFileAsync(request, cancellationToken);
        if (file is null)
        {
            return problem!;
        }

        try
        {
            var format = OwnerImport.FormatOf(file.FileName) ?? throw new DomainException("Import.NotCsvOrXlsx");
            OwnerSheet sheet;
            await using (var stream = file.OpenReadStream())
            {
                sheet = OwnerImport.Read(stream, format);
            }

            var report = dry
                ? await import.CheckAsync(lot.Id, sheet, cancellationToken: cancellationToken)
                : await import.ImportAsync(lot.Id, sheet, Path.GetFileName(file.FileName), caller.Identity?.Name ?? "admin", cancellationToken: cancellationToken);
            return TypedResults.Ok(new Dictionary<string, object?>
            {
                ["dry_run"] = report.DryRun,
                ["rows"] = report.Rows,
                ["valid"] = report.Valid,
                ["imported"] = report.Imported,
                ["bad_rows"] = report.BadRows,
                ["errors"] = report.Problems.Select(p => new Dictionary<string, object?>
                {
                    ["row"] = p.Row,
                    ["column"] = p.Column,
                    ["code"] = p.Error.Code,
                    ["message"] = ErrorText.Describe(p.Error),
                }).ToList(),
            });
        }
        catch (DomainException ex)
        {
            var failure = ApiFailure.From(ex).About(FileField);
            return (ex.Code == "Import.MissingColumn" ? failure with { Extensions = new Dictionary<string, object?> { ["column"] = ex.Arguments[1] } } : failure).ToProblem();
        }
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> Template(string? format, HttpContext context)
    {
        var chosen = format is null ? ImportFormat.Csv : OwnerImport.FormatOf("x." + format);
        if (chosen is null)
        {
            return ApiFailure.Of("Import.NotCsvOrXlsx").About("format").ToProblem();
        }

        var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var bytes = OwnerImport.Template(chosen.Value, english);
        return chosen == ImportFormat.Csv
            ? TypedResults.File(bytes, "text/csv; charset=utf-8", english ? "owners-template.csv" : "业主导入模板.csv")
            : TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", english ? "owners-template.xlsx" : "业主导入模板.xlsx");
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> IssueLinkAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, OwnerLogins logins, CancellationToken cancellationToken)
    {
        try
        {
            var link = await logins.IssueAsync(lot.Id, id, BaseUri(request), caller.Identity?.Name ?? "admin", cancellationToken);
            return TypedResults.Ok(new Dictionary<string, object?>
            {
                ["url"] = link.Url,
                ["expires_at"] = LotTimeParser.Iso(link.ExpiresLocal),
                ["sent_by_sms"] = link.SentBySms,
                ["resets_login"] = link.ResetsLogin,
            });
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).ToProblem();
        }
    }

    public static Uri BaseUri(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}/");

    public static Dictionary<string, object?> Json(OwnerRow owner) => new()
    {
        ["id"] = owner.Id,
        ["name"] = owner.Name,
        ["id_number"] = owner.MaskedIdNumber,
        ["mobile"] = owner.MaskedMobile,
        ["unit"] = owner.Unit,
        ["balance"] = owner.Balance,
        ["active"] = owner.Active,
        ["has_login"] = owner.UserName is not null,
        ["vehicles"] = (owner.Vehicles ?? []).Select(v => new Dictionary<string, object?>
        {
            ["plate"] = v.Plate,
            ["vehicle_type"] = Domain.Billing.VehicleTypes.Name(v.Type),
            ["approval"] = v.Approval.ToString().ToLowerInvariant(),
        }).ToList(),
    };

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task<(IFormFile? File, ProblemHttpResult? Problem)> ReadFileAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        const long overhead = 64 * 1024;
        var tooLarge = ApiFailure.Of("Import.FileTooLarge", OwnerImport.MaxBytes / 1024 / 1024).About(FileField).ToProblem();
        if (request.ContentLength > OwnerImport.MaxBytes + overhead)
        {
            return (null, tooLarge);
        }

        if (!request.HasFormContentType || !request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiFailure.Of("Import.NotMultipart").About(FileField).ToProblem());
        }

        IFormCollection form;
        try
        {
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = OwnerImport.MaxBytes + overhead;
            }

            request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
            {
                MultipartBodyLengthLimit = OwnerImport.MaxBytes + overhead,
                ValueCountLimit = 16,
            }));
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, tooLarge);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, tooLarge);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return (null, ApiFailure.Of("Import.NotMultipart").About(FileField).ToProblem());
        }

        return form.Files.GetFile(FileField) is { } file
            ? (file, null)
            : (null, ApiFailure.Of("Import.FileMissing").About(FileField).ToProblem());
    }
}
