using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;

namespace SmartParking.Web.Common;

/// <summary>
/// What every response tells the browser, which proxy the app believes about the caller, and who may read the API's
/// description in Production.
/// </summary>
public static class SecurityHeaders
{
    // Blazor Server and MudBlazor run from the app's own scripts; MudBlazor sets style attributes, so inline styles
    // stay. QR codes and camera photos are data: and blob: images. A payment form answers with a redirect to the
    // provider's cashier page (any https host the gateway settings name), which form-action must allow.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self' https:";

    /// <summary>
    /// Forwarded headers are believed only from the proxies named in <c>ReverseProxy:KnownProxies</c> /
    /// <c>ReverseProxy:KnownNetworks</c> (loopback when none is named: nginx on the same machine), so a caller cannot
    /// pick the address its rate limit and audit see, and the cookie is <c>Secure</c> behind a TLS proxy.
    /// </summary>
    public static ForwardedHeadersOptions ForwardedHeaders(IConfiguration configuration)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto };
        var proxies = configuration.GetSection("ReverseProxy:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection("ReverseProxy:KnownNetworks").Get<string[]>() ?? [];
        if (proxies.Length + networks.Length == 0)
        {
            return options;
        }

        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        return options;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        // Not no-referrer: WeChat Pay's H5 cashier checks that the payer comes from the merchant's registered domain.
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        return next(context);
    });

    /// <summary>In Production the OpenAPI document and the API docs are for signed-in staff; elsewhere they stay open.</summary>
    public static IApplicationBuilder UseStaffOnlyApiDocs(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            return app;
        }

        return app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api-docs") || context.Request.Path.StartsWithSegments("/openapi"),
            docs => docs.Use(async (context, next) =>
            {
                var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
                if ((await authorization.AuthorizeAsync(context.User, Policies.Staff)).Succeeded)
                {
                    await next(context);
                    return;
                }

                if (context.User.Identity?.IsAuthenticated == true)
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return;
                }

                context.Response.Redirect("/account/login?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
            }));
    }
}
