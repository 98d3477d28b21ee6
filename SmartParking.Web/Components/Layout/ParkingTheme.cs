using MudBlazor;

namespace SmartParking.Web.Components.Layout;

/// <summary>One look for every screen: the booth's navy, CJK fonts that are on the machine (no web fonts to fetch).</summary>
public static class ParkingTheme
{
    private static readonly string[] Fonts = ["Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "system-ui", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1e3a5f",
            Secondary = "#0d47a1",
            AppbarBackground = "#1e3a5f",
            Background = "#f4f6f8",
            DrawerBackground = "#ffffff",
            Success = "#2e7d32",
            Warning = "#e65100",
            Error = "#c62828",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts },
            H1 = new H1Typography { FontFamily = Fonts },
            H2 = new H2Typography { FontFamily = Fonts },
            H3 = new H3Typography { FontFamily = Fonts },
            H4 = new H4Typography { FontFamily = Fonts, FontSize = "1.8rem" },
            H5 = new H5Typography { FontFamily = Fonts, FontSize = "1.4rem" },
            H6 = new H6Typography { FontFamily = Fonts },
            Button = new ButtonTypography { FontFamily = Fonts, TextTransform = "none" },
            Body1 = new Body1Typography { FontFamily = Fonts },
            Body2 = new Body2Typography { FontFamily = Fonts },
            Caption = new CaptionTypography { FontFamily = Fonts },
            Subtitle1 = new Subtitle1Typography { FontFamily = Fonts },
            Subtitle2 = new Subtitle2Typography { FontFamily = Fonts },
        },
    };
}
