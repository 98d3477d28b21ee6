using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace SmartParking.Tests.Support;

/// <summary>bUnit with MudBlazor's services and the app's resources, as every page component needs them.</summary>
public class MudTestContext : BunitContext
{
    public MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(options => options.ResourcesPath = "Resources");
    }

    /// <summary>Hands every rendered page the lot it works in, as the app's layout does.</summary>
    public void InLot(SmartParking.Domain.Lots.Lot lot) =>
        RenderTree.Add<Microsoft.AspNetCore.Components.CascadingValue<SmartParking.Domain.Lots.Lot>>(p => p.Add(c => c.Value, lot));

    // xunit disposes synchronously; MudBlazor's services only dispose asynchronously, so the sync path goes through the async one.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
            return;
        }

        base.Dispose(disposing);
    }
}
