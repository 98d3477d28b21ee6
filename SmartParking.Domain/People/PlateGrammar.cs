namespace SmartParking.Domain.People;

/// <summary>
/// The plate layouts of GA 36-2018 as the cars at a gate carry them, position by position: which characters may stand
/// where. <see cref="PlateNumber"/> checks typed and read plates against them, and the recognizer's decoder reads only
/// what they allow.
/// </summary>
public static class PlateGrammar
{
    public const string Provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

    /// <summary>
    /// The issuing office's letter after the province. I is never issued; O only in the public-service series
    /// (<see cref="PublicServiceOffice"/>).
    /// </summary>
    public const string OfficeLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>
    /// The office letter of the plates a province's own traffic police office issues to public-security, court and
    /// procuratorate cars that are not police cars (粤O12345): since the Ministry's 1995 notice that replaced the GA
    /// series, every province may carry it, followed by an ordinary serial only.
    /// </summary>
    public const string PublicServiceOffice = "O";

    /// <summary>Serial letters: never I or O, which read as 1 and 0.</summary>
    public const string SerialLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    public const string Digits = "0123456789";

    /// <summary>D for pure electric, F for other new-energy cars (the letters that plates in use carry).</summary>
    public const string NewEnergyLetters = "DF";

    /// <summary>The red first letter of a 2012 military plate: headquarters, air force, navy, the former military regions.</summary>
    public const string MilitaryServices = "VKHBSLJNGC";

    /// <summary>The red first character of a 2004 military plate.</summary>
    public const string MilitaryServices2004 = "军海空北沈兰济南广成";

    /// <summary>The last character of an armed-police plate: a digit or its branch (消防 X, 边防 B, 交通 T, …).</summary>
    public const string ArmedPoliceBranches = Digits + "XBTSHJD";

    private const string Serial = SerialLetters + Digits;
    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Every layout, each position the characters it allows.</summary>
    public static IReadOnlyList<PlateLayout> Layouts { get; } =
    [
        new(PlateKind.Standard, PlateSeries.Ordinary, [Provinces, OfficeLetters, Serial, Serial, Serial, Serial, Serial]),
        new(PlateKind.Standard, PlateSeries.PublicService, [Provinces, PublicServiceOffice, Serial, Serial, Serial, Serial, Serial]),
        new(PlateKind.Standard, PlateSeries.Trailer, [Provinces, OfficeLetters, Serial, Serial, Serial, Serial, "挂"]),
        new(PlateKind.Standard, PlateSeries.Coach, [Provinces, OfficeLetters, Serial, Serial, Serial, Serial, "学"]),
        new(PlateKind.Standard, PlateSeries.Police, [Provinces, OfficeLetters, Serial, Serial, Serial, Serial, "警"]),
        new(PlateKind.Standard, PlateSeries.Consulate, [Provinces, OfficeLetters, Serial, Serial, Serial, Serial, "领"]),
        new(PlateKind.Standard, PlateSeries.HongKongMacau, ["粤", "Z", Serial, Serial, Serial, Serial, "港澳"]),
        new(PlateKind.Standard, PlateSeries.Embassy, ["使", Digits, Digits, Digits, Digits, Digits, Digits]),
        new(PlateKind.NewEnergy, PlateSeries.NewEnergySmall, [Provinces, OfficeLetters, NewEnergyLetters, Serial, Digits, Digits, Digits, Digits]),
        new(PlateKind.NewEnergy, PlateSeries.NewEnergyLarge, [Provinces, OfficeLetters, Digits, Digits, Digits, Digits, Digits, NewEnergyLetters]),
        new(PlateKind.Legacy, PlateSeries.Legacy, [Letters, Letters, Digits, Digits, Digits, Digits, Digits, Digits]),
        new(PlateKind.Standard, PlateSeries.Military, [MilitaryServices, SerialLetters, Digits, Digits, Digits, Digits, Digits]),
        new(PlateKind.Standard, PlateSeries.Military, [MilitaryServices2004, SerialLetters, Digits, Digits, Digits, Digits, Digits]),
        new(PlateKind.Standard, PlateSeries.ArmedPolice, ["W", "J", Provinces, Digits, Digits, Digits, Digits, ArmedPoliceBranches]),
    ];

    /// <summary>The layout that <paramref name="plate"/> (normalised: no separator, upper case) fits; null if none.</summary>
    public static PlateLayout? LayoutOf(string plate) => Layouts.FirstOrDefault(layout => layout.Fits(plate));
}

/// <param name="Positions">Per position, the characters that may stand there.</param>
public sealed record PlateLayout(PlateKind Kind, PlateSeries Series, IReadOnlyList<string> Positions)
{
    public bool Fits(string plate)
    {
        if (plate.Length != Positions.Count)
        {
            return false;
        }

        for (var i = 0; i < plate.Length; i++)
        {
            if (!Positions[i].Contains(plate[i]))
            {
                return false;
            }
        }

        return true;
    }
}
