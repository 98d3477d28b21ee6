using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using MudBlazor;
using MudBlazor.Services;
using SmartParking.Web.Announcements;
using SmartParking.Web.Billing;
using SmartParking.Web.Common;
using SmartParking.Web.Devices;
using SmartParking.Web.Gate;
using SmartParking.Web.Lots;
using SmartParking.Web.Payments;
using SmartParking.Web.Passes;
using SmartParking.Web.People;
using SmartParking.Web.Recognition;
using SmartParking.Web.Reports;

namespace SmartParking.Web;

public static class DependencyInjection
{
    private const string SmartScheme = "SmartParking";

    public static WebApplicationBuilder AddWebServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // ./run.sh in Production runs the build output, not a publish: MudBlazor's and Blazor's files must still be
        // found where the build left them (a published app has no manifest, and this does nothing).
        builder.WebHost.UseStaticWebAssets();
        // The Server header only tells a scanner which exploits to try.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Lots.RequestLot>();
        services.AddMudServices(options => options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight);
        // Chinese text goes out as characters, not &#x...; entities, so pages stay readable and searchable.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(CultureEndpoint.Supported[0]).AddSupportedCultures(CultureEndpoint.Supported).AddSupportedUICultures(CultureEndpoint.Supported);
            // Only the explicit switch changes the language; the browser's Accept-Language must not override zh-CN.
            options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        services.AddOpenApi(options => options.AddOperationTransformer<OpenApiExamples>());
        services.AddMemoryCache();
        // Ahead of the framework's writer: API problems are JSON whatever the Accept header says.
        services.AddSingleton<IProblemDetailsWriter, ApiProblemWriter>();
        services.AddProblemDetails();
        services.AddExceptionHandler<UnexpectedErrorHandler>();
        // A value the framework cannot bind (days=abc) becomes an exception the handler turns into a problem naming the
        // parameter, in every environment (the default answers a bare 400 outside Development).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddRateLimiter(options => RateLimits.Add(options, builder.Configuration));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddReportDocuments();
        services.AddJobDashboard();

        AddAuthentication(services, builder.Configuration);
        return builder;
    }

    private static void AddAuthentication(IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultAuthenticateScheme = SmartScheme;
                options.DefaultChallengeScheme = SmartScheme;
                options.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie, bearer token or device key", options =>
            {
                // One scheme per kind of caller: browsers carry the cookie, scripts a bearer token, cameras a device key.
                options.ForwardDefaultSelector = context =>
                {
                    var authorization = context.Request.Headers.Authorization.ToString();
                    if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                    {
                        return IdentityConstants.BearerScheme;
                    }

                    return context.Request.Headers.ContainsKey(DeviceKeyAuthentication.Header)
                        ? DeviceKeyAuthentication.SchemeName
                        : IdentityConstants.ApplicationScheme;
                };
            })
            .AddBearerToken(IdentityConstants.BearerScheme, options =>
            {
                options.BearerTokenExpiration = TimeSpan.FromMinutes(configuration.GetValue("Auth:TokenMinutes", 15));
                options.RefreshTokenExpiration = TimeSpan.FromDays(configuration.GetValue("Auth:RefreshDays", 7));
                options.Events.OnMessageReceived = TokenEndpoint.RefuseRevokedAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, DeviceKeyAuthentication>(DeviceKeyAuthentication.SchemeName, null);

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "SmartParking.Auth";
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            // The API answers with status codes; only pages redirect to the login screen.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });

        services.AddAuthorization(Policies.Add);
        services.AddHttpContextAccessor();
        services.AddScoped<LoginDesk>();
        services.AddSingleton<TwoFactorRule>();
        services.AddSingleton<Billing.CouponEndpoints.StatementPrinter>();
        services.AddSingleton<Infrastructure.Devices.IMqttInbox, MqttLaneTopics>();
        services.AddSingleton<Infrastructure.Devices.IMqttInbox, MqttBayTopics>();
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplication UseWebPipeline(this WebApplication app)
    {
        // Also in Development: no page or route ever shows raw exception text to a guard or an owner.
        // Behind the configured proxy (nginx): the caller's address (rate limits, audit, camera source) and https come from it.
        app.UseForwardedHeaders(SecurityHeaders.ForwardedHeaders(app.Configuration));
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseExceptionHandler("/error", createScopeForErrors: true);
        // A person who mistypes an address gets the app's own page with its menu; machines on /api keep their JSON problem.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages(ApiProblemWriter.WriteStatusAsync));
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseRequestLocalization();
        app.UseStaticFiles();
        // Routing after the status pages, so that their second pass finds the page's own endpoint.
        app.UseRouting();
        app.UseAuthentication();
        app.UseTwoFactorRule();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.UseStaffOnlyApiDocs();

        app.MapHealth();
        app.MapOpenApi().AllowAnonymous();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "SmartParking API v1");
            options.RoutePrefix = "api-docs";
            options.DocumentTitle = "SmartParking API";
        });
        app.MapCultureSwitch();
        app.MapLotChoice();
        app.MapLotEndpoints();
        app.MapTokenEndpoint();
        app.MapAccountEndpoints();
        app.MapRecognitionEndpoints();
        app.MapGateEndpoints();
        app.MapLaneAdminEndpoints();
        app.MapPeopleEndpoints();
        app.MapBoardEndpoints();
        app.MapReportEndpoints();
        app.MapFeeRuleEndpoints();
        app.MapHolidayCalendarEndpoints();
        app.MapAuditEndpoints();
        app.MapPrivacyEndpoints();
        app.MapPaymentNotifyEndpoints();
        app.MapIvsEndpoints();
        app.MapHikvisionEndpoints();
        app.MapDeviceAdminEndpoints();
        app.MapMqttEndpoints();
        app.MapPaymentSandbox();
        app.MapMoneyEndpoints();
        app.MapPassEndpoints();
        app.MapOwnerPassEndpoints();
        app.MapCouponEndpoints();
        app.MapVisitorPassEndpoints();
        app.MapJobDashboard();
        app.MapStaticAssets();
        // Our own Content-Security-Policy already says frame-ancestors 'none'; Blazor's second header would only repeat it looser.
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
