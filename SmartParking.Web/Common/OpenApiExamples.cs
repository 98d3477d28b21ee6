using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SmartParking.Web.Common;

/// <summary>Puts seed 000's own examples on the legacy routes, so the browsable docs show what the front end sends.</summary>
public sealed class OpenApiExamples : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, (string Request, string Response)> Examples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["api/entry"] = (
            """{"id": "NU123456", "start_time": "2023-10-09T13:45:30", "vehicle_type": "货车"}""",
            """{"BOHI": 1122, "BODI": 1233, "BOMI": 114514, "gate": "open", "reason": "访客已登记", "customer": "visitor"}"""),
        ["api/exit"] = (
            """{"id": "NU123456", "start_time": "2023-10-09T14:01:30"}""",
            """{"cost": 20.0, "success": true}"""),
        ["api/income/daily"] = (
            """{"start_time": "2023-10-02", "end_times": "2023-10-05"}""",
            """{"2023-10-02": {"income": 0.0, "state": "差", "park_times": 0}, "2023-10-03": {"income": 620.5, "state": "优", "park_times": 57}}"""),
        ["api/auth/token"] = (
            """{"username": "guard", "password": "Guard123!"}""",
            """{"access_token": "CfDJ8…", "token_type": "Bearer", "expires_in": 43200}"""),
        ["api/lot/vehicles"] = ("", """{"AU123456": {"start_time": "10:00", "end_time": "10:01"}}"""),
        ["api/records/today"] = ("", """{"data": {"AU123456": {"start_time": "10:00", "end_time": "10:01", "cost": 100}}, "mx_val": 100, "max_val": 100}"""),
        ["api/records/export"] = ("", """{"url": "http://localhost:5080/api/records/export/download?token=…"}"""),
        ["api/admin/fee-rules"] = (
            """{"vehicleType": "小车", "customerClass": "visitor", "freeMinutes": 15, "unitMinutes": 30, "unitFee": 5.00, "dailyCap": 50.00, "deductFreeMinutes": false, "perVisitCap": null, "segments": [{"start": "22:00", "end": "07:00", "unitFee": 1.00}], "basedOnVersion": 0, "reason": "首次设定"}""",
            """{"id": "3f6c…", "vehicleType": "小车", "customerClass": "visitor", "version": 1, "freeMinutes": 15, "unitMinutes": 30, "unitFee": 5.00, "dailyCap": 50.00, "deductFreeMinutes": false, "perVisitCap": null, "segments": [{"start": "22:00", "end": "07:00", "unitFee": 1.00}], "since": "2026-12-06T09:30:00"}"""),
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = context.Description.RelativePath?.Split('?')[0] ?? "";
        if (!Examples.TryGetValue(path, out var example))
        {
            return Task.CompletedTask;
        }

        if (example.Request.Length > 0 && operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var body))
        {
            body.Example = JsonNode.Parse(example.Request);
        }

        if (operation.Responses is { } responses && responses.TryGetValue("200", out var ok) && ok.Content is { } answers)
        {
            if (!answers.TryGetValue("application/json", out var media))
            {
                media = new OpenApiMediaType();
                answers["application/json"] = media;
            }

            media.Example = JsonNode.Parse(example.Response);
        }

        return Task.CompletedTask;
    }
}
