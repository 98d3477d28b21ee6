using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SmartParking.Web.Common;

/// <summary>
/// Puts seed 000's own examples on the legacy routes, and worked examples on the integrators' admin routes, so the
/// browsable docs show what a caller sends and gets. A key "METHOD path" wins over the bare path.
/// </summary>
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
        ["GET api/admin/lanes"] = ("", """[{"code": "in-1", "name": "东门入口", "direction": "entry", "auto_open": 0.9, "enabled": true, "capture_url": "/api/lanes/in-1/capture", "keys": [{"id": "0b6f7c1e-5d0a-4c53-9a57-2f0f5b7f3a11", "lane": "in-1", "name": "东门入口", "hint": "spk_Qm3x…", "state": "active", "created_at": "2026-12-06T09:00:00", "valid_until": null, "revoked_at": null, "last_seen_at": "2026-12-06T18:42:10", "last_seen_from": "192.168.10.21", "silent": false}]}]"""),
        ["POST api/admin/lanes"] = (
            """{"code": "in-2", "name": "北门入口", "direction": "entry", "auto_open": 0.9}""",
            """{"code": "in-2", "name": "北门入口", "direction": "entry", "auto_open": 0.9, "enabled": true, "capture_url": "/api/lanes/in-2/capture", "keys": []}"""),
        ["POST api/admin/lanes/{lane}/keys"] = (
            """{"name": "北门入口 海康摄像头"}""",
            """{"id": "0b6f7c1e-5d0a-4c53-9a57-2f0f5b7f3a11", "lane": "in-2", "name": "北门入口 海康摄像头", "key": "spk_Qm3xvk1i0WrLLeApIApogEyPVnGY7plSsZofJQa1D_s", "hint": "spk_Qm3x…", "created_at": "2026-12-06T09:00:00", "replaces": null, "old_key_valid_until": null}"""),
        ["POST api/admin/keys/{id}/rotate"] = (
            """{"grace_minutes": 60}""",
            """{"id": "5e2d8a40-1c3b-4f0e-8d7a-6b9c0e1f2a33", "lane": "in-2", "name": "北门入口 海康摄像头", "key": "spk_T8pLV323NGZ4hjxRP3de0rCtG2WBEd9_glRe0qEe4Fs", "hint": "spk_T8pL…", "created_at": "2026-12-06T10:00:00", "replaces": "0b6f7c1e-5d0a-4c53-9a57-2f0f5b7f3a11", "old_key_valid_until": "2026-12-06T11:00:00"}"""),
        ["DELETE api/admin/keys/{id}"] = ("", """{"id": "5e2d8a40-1c3b-4f0e-8d7a-6b9c0e1f2a33", "lane": "in-2", "name": "北门入口 海康摄像头", "hint": "spk_T8pL…", "state": "revoked", "created_at": "2026-12-06T10:00:00", "valid_until": null, "revoked_at": "2026-12-06T12:30:00", "last_seen_at": "2026-12-06T12:29:41", "last_seen_from": "192.168.10.22", "silent": false}"""),
        ["POST api/admin/owners"] = (
            """{"name": "张伟", "id_number": "110101199003071233", "mobile": "13812345678", "unit": "3-2-1201", "vehicles": [{"plate": "京A12345", "vehicle_type": "小车"}, {"plate": "京B67890", "vehicle_type": "货车"}]}""",
            """{"id": "3f0c…", "name": "张伟", "id_number": "110***********1233", "mobile": "138****5678", "unit": "3-2-1201", "balance": 0, "active": true, "has_login": false, "vehicles": [{"plate": "京A12345", "vehicle_type": "小车", "approval": "approved"}]}"""),
        ["GET api/admin/owners"] = ("", """{"total": 1, "owners": [{"id": "3f0c…", "name": "张伟", "id_number": "110***********1233", "mobile": "138****5678", "unit": "3-2-1201", "balance": 100.0, "active": true, "has_login": true, "vehicles": [{"plate": "京A12345", "vehicle_type": "小车", "approval": "approved"}]}]}"""),
        ["POST api/admin/owners/import"] = ("", """{"dry_run": true, "rows": 200, "valid": 197, "imported": 0, "bad_rows": [14, 88, 150], "errors": [{"row": 14, "column": "id_number", "code": "IdNumber.CheckCharacterMismatch", "message": "身份证号校验位不对，请核对号码"}, {"row": 88, "column": "mobile", "code": "Mobile.WrongLength", "message": "手机号应为 11 位，实际 10 位"}, {"row": 150, "column": "plates", "code": "Import.PlateTwiceInFile", "message": "车牌 京A10023 在第 25 行已出现"}]}"""),
        ["POST api/admin/owners/{id}/activation"] = ("", """{"url": "http://localhost:5080/account/activate/q3Zx…", "expires_at": "2026-12-09T10:00:00", "sent_by_sms": false, "resets_login": false}"""),
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = context.Description.RelativePath?.Split('?')[0] ?? "";
        if (!Examples.TryGetValue($"{context.Description.HttpMethod} {path}", out var example) && !Examples.TryGetValue(path, out example))
        {
            return Task.CompletedTask;
        }

        if (example.Request.Length > 0 && operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var body))
        {
            body.Example = JsonNode.Parse(example.Request);
        }

        if (operation.Responses is { } responses && (responses.TryGetValue("200", out var ok) || responses.TryGetValue("201", out ok)) && ok.Content is { } answers)
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
