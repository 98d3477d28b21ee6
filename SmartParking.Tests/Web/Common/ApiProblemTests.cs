using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Tests.Support;
using SmartParking.Web;
using SmartParking.Web.Common;

namespace SmartParking.Tests.Web.Common;

/// <summary>Expected failures over real HTTP: one problem shape, the status the code means, the field, both languages.</summary>
public sealed partial class ApiProblemTests : IDisposable
{
    private readonly ParkingAppFactory _app = new(new Dictionary<string, string?> { ["Lot:Capacity"] = "1" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ExitWithoutAStay_IsA404NamingTheIdField_WithItsCode_InChineseByDefault()
    {
        using var camera = _app.DeviceClient();

        var response = await camera.PostAsJsonAsync("/api/exit", new { id = "NU123456", start_time = "2023-10-09T10:00:00" });

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound, "Gate.NoOpenStay");
        Assert.Equal("找不到", problem.GetProperty("title").GetString());
        Assert.Equal("NU123456 没有在场记录", problem.GetProperty("detail").GetString());
        Assert.Equal(["NU123456 没有在场记录"], Field(problem, "id"));
        Assert.False(problem.GetProperty("success").GetBoolean());
    }

    [Theory]
    [InlineData("/api/exit?culture=en", null)]
    [InlineData("/api/exit", "c=en|uic=en")]
    public async Task ExitWithoutAStay_SpeaksEnglish_ToACallerWhoChoseIt_ByQueryOrCookie(string path, string? cultureCookie)
    {
        using var camera = _app.DeviceClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { id = "NU123456" }) };
        if (cultureCookie is not null)
        {
            request.Headers.Add("Cookie", $".AspNetCore.Culture={Uri.EscapeDataString(cultureCookie)}");
        }

        var response = await camera.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound, "Gate.NoOpenStay");
        Assert.Equal("Not found", problem.GetProperty("title").GetString());
        Assert.Equal(["NU123456 has no open stay."], Field(problem, "id"));
        Assert.DoesNotMatch(Han(), problem.GetRawText());
    }

    [Fact]
    public async Task AnExitBeforeItsEntry_IsA400NamingTheTimeFieldThatWasSent()
    {
        using var camera = _app.DeviceClient();
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU123456", start_time = "2023-10-09T10:00:00" });

        var response = await camera.PostAsJsonAsync("/api/exit?culture=en", new { id = "NU123456", end_time = "2023-10-09T09:00:00" });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "Gate.ExitBeforeEntryAt");
        Assert.Equal(["The exit is before the entry at 2023-10-09T10:00:00."], Field(problem, "end_time"));
        Assert.Equal(1, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync(s => s.ExitUtc == null)));
    }

    [Fact]
    public async Task TheGateSayingNo_AnswersWithTheDecisionsOwnCode_StatusAndWords()
    {
        await _app.ListAsync("NU666666", ListKind.Blacklist, "多次欠费逃费");
        using var camera = _app.DeviceClient();
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU100001", start_time = "2023-10-09T09:00:00" });

        var blacklisted = await ProblemAsync(
            await camera.PostAsJsonAsync("/api/entry", new { id = "NU666666", start_time = "2023-10-09T09:01:00" }), HttpStatusCode.Forbidden, "Gate.Blacklisted");
        var full = await ProblemAsync(
            await camera.PostAsJsonAsync("/api/entry?culture=en", new { id = "NU100002", start_time = "2023-10-09T09:02:00" }), HttpStatusCode.Conflict, "Gate.LotFull");
        var inside = await ProblemAsync(
            await camera.PostAsJsonAsync("/api/entry?culture=en", new { id = "NU100001", start_time = "2023-10-09T09:03:00" }), HttpStatusCode.Conflict, "Gate.AlreadyInside");

        Assert.Equal("黑名单车辆：多次欠费逃费", blacklisted.GetProperty("detail").GetString());
        Assert.Equal(blacklisted.GetProperty("detail").GetString(), blacklisted.GetProperty("reason").GetString());
        Assert.Equal("deny", blacklisted.GetProperty("gate").GetString());
        Assert.Equal("Lot full (1/1)", full.GetProperty("detail").GetString());
        Assert.Equal("NU100001 is already inside", inside.GetProperty("reason").GetString());
        Assert.Equal("2023-10-09T09:00:00", inside.GetProperty("session").GetProperty("start_time").GetString());
        Assert.DoesNotMatch(Han(), full.GetRawText() + inside.GetRawText());
    }

    [Fact]
    public async Task ABadBody_IsOne400Problem_WithEveryFieldWordedInTheCallersLanguage_AndNothingWritten()
    {
        using var camera = _app.DeviceClient();

        var response = await camera.PostAsJsonAsync("/api/entry?culture=en", new { id = "京A1234", start_time = "yesterday", vehicle_type = "bus" });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, ApiFailure.InvalidRequest);
        Assert.Equal(["Wrong length: 6 characters follow the province (7 on a new-energy plate), not 5."], Field(problem, "id"));
        Assert.Equal(["Unreadable time 'yesterday'; use e.g. 2023-10-09T13:45:30."], Field(problem, "start_time"));
        Assert.Equal(["vehicle_type must be one of this lot's vehicle types (e.g. small, truck, newenergy, motorcycle)."], Field(problem, "vehicle_type"));
        Assert.Equal(0, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
    }

    [Fact]
    public async Task AStayThatOwesNothing_CannotBeSettled_409WithTheDomainsCode()
    {
        using var camera = _app.DeviceClient();
        var entry = await (await camera.PostAsJsonAsync("/api/entry", new { id = "京A12345", start_time = "2023-10-09T09:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        using var guard = await _app.GuardClientAsync();

        var owing = await guard.PostAsync($"/api/sessions/{entry.GetProperty("session_id").GetGuid()}/settle?culture=en", null);
        var missing = await guard.PostAsync($"/api/sessions/{Guid.NewGuid()}/settle", null);

        Assert.Equal("Nothing is due on this stay.", (await ProblemAsync(owing, HttpStatusCode.Conflict, "Stay.NothingDue")).GetProperty("detail").GetString());
        Assert.Equal("没有这条停车记录", (await ProblemAsync(missing, HttpStatusCode.NotFound, "Stay.NotFound")).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task APhotoRequestWithoutItsImage_NamesTheImageField()
    {
        using var camera = _app.DeviceClient();

        var response = await camera.PostAsync("/api/recognize?culture=en", new MultipartFormDataContent { { new StringContent("x"), "photo" } });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "Photo.Missing");
        Assert.Equal(["The field 'image' is required."], Field(problem, "image"));
    }

    [Fact]
    public async Task AnExpiredExportLink_IsGone_AndAWrongPassword_IsUnauthorized()
    {
        using var guard = await _app.GuardClientAsync();
        using var anonymous = _app.CreateClient();

        var expired = await guard.GetAsync("/api/records/export/download?token=forged&culture=en");
        var refused = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "guard", password = "wrong" });

        Assert.Equal("The link is invalid or has expired; export again.",
            (await ProblemAsync(expired, HttpStatusCode.Gone, "Report.LinkExpired")).GetProperty("detail").GetString());
        Assert.Equal("用户名或密码错误", (await ProblemAsync(refused, HttpStatusCode.Unauthorized, "Auth.WrongPassword")).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("Request.Invalid", 400)]
    [InlineData("Gate.Blacklisted", 403)]
    [InlineData("Gate.NoOpenStay", 404)]
    [InlineData("Gate.LotFull", 409)]
    [InlineData("Gate.NoFeeRule", 409)]
    [InlineData("Report.LinkExpired", 410)]
    [InlineData("Photo.TooLarge", 413)]
    [InlineData("Recognition.Unavailable", 503)]
    [InlineData("Stay.NothingDue", 409)]
    public void EachCode_AnswersWithOneStatus(string code, int status) => Assert.Equal(status, ApiProblems.StatusOf(code));

    [Fact]
    public void EveryCodeWithItsOwnStatus_AndEveryStatusTitle_IsWordedInBothLanguages()
    {
        foreach (var code in ApiProblems.KnownCodes)
        {
            Assert.True(ErrorText.Knows(code), code);
            var title = $"Problem.{ApiProblems.StatusOf(code)}";
            Assert.NotEqual(ErrorText.Describe(DomainError.Of(title), ErrorWords.ZhCn), ErrorText.Describe(DomainError.Of(title), ErrorWords.English));
        }
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    private static string[] Field(JsonElement problem, string field) =>
        [.. problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!)];

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
