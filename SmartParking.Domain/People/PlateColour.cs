namespace SmartParking.Domain.People;

/// <summary>The colour of the plate as a camera reports it: blue for small cars, yellow for large ones, green for new energy.</summary>
public enum PlateColour
{
    Blue,
    Yellow,
    Green,
    White,
    Black,
}

public static class PlateColours
{
    private static readonly Dictionary<string, PlateColour> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["blue"] = PlateColour.Blue, ["蓝"] = PlateColour.Blue, ["蓝色"] = PlateColour.Blue, ["蓝牌"] = PlateColour.Blue,
        ["yellow"] = PlateColour.Yellow, ["黄"] = PlateColour.Yellow, ["黄色"] = PlateColour.Yellow, ["黄牌"] = PlateColour.Yellow,
        ["green"] = PlateColour.Green, ["绿"] = PlateColour.Green, ["绿色"] = PlateColour.Green, ["绿牌"] = PlateColour.Green,
        ["white"] = PlateColour.White, ["白"] = PlateColour.White, ["白色"] = PlateColour.White, ["白牌"] = PlateColour.White,
        ["black"] = PlateColour.Black, ["黑"] = PlateColour.Black, ["黑色"] = PlateColour.Black, ["黑牌"] = PlateColour.Black,
    };

    public static bool TryParse(string? text, out PlateColour colour) => Names.TryGetValue(text?.Trim() ?? "", out colour);

    /// <summary>What the plate itself tells when the camera does not say: eight characters are a green new-energy plate.</summary>
    public static PlateColour? Of(PlateNumber plate) => plate.Kind == PlateKind.NewEnergy ? PlateColour.Green : null;
}
