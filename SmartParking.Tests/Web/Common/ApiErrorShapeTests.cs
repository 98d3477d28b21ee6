using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Common;

/// <summary>
/// Whatever a caller sends, every failure of /api is application/problem+json with a trace id, and nothing a caller
/// sends makes a 500: unknown routes, wrong methods and media types, unreadable query values, absurd dates.
/// </summary>
public sealed class ApiErrorShapeTests : IDisposable
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly LoggingAppFactory _app;

    public ApiErrorShapeTests() => _app = new LoggingAppFactory(_log);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task EveryApiRoute_AnswersGarbageWithAProblemAndATraceId_NeverA500()
    {
        using var admin = await _app.AdminClientAsync();
        using var camera = _app.DeviceClient();
        using var anonymous = _app.CreateClient();
        anonymous.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var routes = ApiRoutes();
        Assert.True(routes.Count > 40, $"only {routes.Count} API routes found");

        var wrong = new List<string>();
        foreach (var (method, pattern) in routes)
        {
            var path = Fill(pattern) + "?days=abc&take=abc&from=0001-01-01&to=9999-12-31&month=abc&format=abc&lot=yangguang";
            foreach (var (who, client, body, type) in new[]
            {
                ("admin", admin, "{", "application/json"),
                ("admin", admin, """{"id":"NU123456","start_time":"0001-01-01T00:00:00","end_time":"9999-12-31T23:59:59","days":"abc","amount":"abc"}""", "application/json"),
                ("camera", camera, """{"id":"NU123456","start_time":"9999-12-31T23:59:59"}""", "application/json"),
                ("anonymous", anonymous, "id=1", "text/plain"),
            })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method != "GET")
                {
                    request.Content = new StringContent(body, Encoding.UTF8);
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
                }

                using var response = await client.SendAsync(request);
                var problem = await Verdict(response);
                if (problem is not null)
                {
                    wrong.Add($"{who} {method} {path} [{body}]: {problem}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [InlineData("GET", "/api/no-such-route", 404)]
    [InlineData("GET", "/api/entry", 404, 405)]
    [InlineData("DELETE", "/api/records/today", 404, 405)]
    [InlineData("PUT", "/api/exit", 404, 405)]
    [InlineData("GET", "/api/lot/vehicles", 401)]
    public async Task WhatTheFrameworkAnswers_IsAProblemToo(string method, string path, int status, int orStatus = 0)
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Contains((int)response.StatusCode, new[] { status, orStatus });
        Assert.Null(await Verdict(response));
    }

    [Fact]
    public async Task DaysThatAreNotANumber_Are400NamingDays()
    {
        using var guard = await _app.GuardClientAsync();

        using var response = await guard.GetAsync("/api/records/export?days=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("days", out _));
        Assert.Null(await Verdict(response));
    }

    [Fact]
    public async Task TokenWithAPlainTextBody_Is415Problem()
    {
        using var client = _app.CreateClient();

        using var response = await client.PostAsync("/api/auth/token", new StringContent("username=admin", Encoding.UTF8, "text/plain"));

        Assert.True((int)response.StatusCode is 400 or 415, response.StatusCode.ToString());
        Assert.Null(await Verdict(response));
    }

    [Fact]
    public async Task AnUnhandledFailure_IsA500Problem_WithATraceId_AndTheLogNamesTheRouteNotError()
    {
        using var guard = await _app.GuardClientAsync();
        await _app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE ParkingSessions RENAME TO ParkingSessionsGone"));

        using var response = await guard.GetAsync("/api/lot/vehicles");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Null(await Verdict(response, allow500: true));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Server.Unexpected", problem.GetProperty("code").GetString());
        Assert.DoesNotContain("ParkingSessions", problem.ToString());
        Assert.Contains(_log, line => line.Contains("Unhandled error on GET /api/lot/vehicles"));
    }

    [Theory]
    [InlineData("/culture/set?culture=en&returnUrl=/%0d%0aLocation:%20http://evil")]
    [InlineData("/culture/set?culture=en&returnUrl=%2F%2Fevil.example")]
    [InlineData("/culture/set?culture=en&returnUrl=/%5Cevil")]
    [InlineData("/culture/set?culture=en&returnUrl=%00")]
    [InlineData("/culture/set?returnUrl=/")]
    [InlineData("/culture/set?culture=xx")]
    public async Task CultureSwitch_WithAMalformedReturnUrlOrCulture_NeverA500_AndNeverLeavesTheSite(string path)
    {
        using var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path);

        Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
        if (response.Headers.Location is { } location)
        {
            Assert.Equal("/", location.OriginalString);
        }
    }

    // Null when the answer is as it should be; otherwise what is wrong with it.
    private static async Task<string?> Verdict(HttpResponseMessage response, bool allow500 = false)
    {
        var status = (int)response.StatusCode;
        if (status >= 500 && !allow500 && status != 503)
        {
            return $"{status} {await response.Content.ReadAsStringAsync()}";
        }

        if (status < 400)
        {
            return null;
        }

        var type = response.Content.Headers.ContentType?.MediaType;
        if (type != "application/problem+json")
        {
            return $"{status} as {type ?? "no body"}";
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("traceId", out _) ? null : $"{status} without traceId";
    }

    private List<(string Method, string Pattern)> ApiRoutes() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            // The payment providers' callbacks answer in the shape each provider's protocol fixes (WeChat's JSON, Alipay's "fail").
            .Where(e => !e.RoutePattern.RawText!.EndsWith("/notify", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText!)))
            .Distinct()
            .OrderBy(r => r.Item2).ThenBy(r => r.m)
            .ToList();

    private static string Fill(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(?<name>[^}:]+)(?<guid>:guid)?[^}]*\}", m =>
            m.Groups["guid"].Success ? Guid.NewGuid().ToString() : m.Groups["name"].Value == "lane" ? "in-1" : "abc");

    private sealed class LoggingAppFactory(ConcurrentQueue<string> log) : ParkingAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(new RecordingLoggerProvider(log)));
        }
    }

    private sealed class RecordingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new RecordingLogger(lines);

        public void Dispose()
        {
        }
    }

    private sealed class RecordingLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
