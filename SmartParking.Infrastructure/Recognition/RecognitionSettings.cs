namespace SmartParking.Infrastructure.Recognition;

/// <summary>Section <c>Recognition</c> of the configuration.</summary>
public sealed class RecognitionSettings
{
    /// <summary>The reader model (ONNX); its alphabet sits beside it in a .json of the same name.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Photos with more pixels are refused before decoding (a 50-megapixel upload must not stall the lot).</summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>Plate-shaped regions read per photo; the grammar-valid reading with the highest confidence wins.</summary>
    public int MaxCandidates { get; set; } = 8;

    /// <summary>
    /// A region the plate finder marked that reads at or above this confidence, and holds under the recheck, ends the
    /// search: the colour and edge cues' regions are then not read. Above 1 every candidate is read (slower; for
    /// measuring what the shortcut costs).
    /// </summary>
    public double EnoughConfidence { get; set; } = 0.9;

    /// <summary>
    /// A read at or above <see cref="AutoOpenConfidence"/> (and below 0.998) is read again from its box moved a little
    /// six ways and in four other lights; reads of another plate lower its confidence (off only to measure what the
    /// recheck buys).
    /// </summary>
    public bool RecheckSureReads { get; set; } = true;

    /// <summary>
    /// How much the province checker (models/plate-province.onnx, a second network) counts when the province
    /// character is decided: its probabilities over the uniform ones, raised to this power, weigh the reader's. It may
    /// change the province read and lower a read's confidence, never raise it. 0 leaves the checker out (decision 020).
    /// </summary>
    public double ProvinceCheckerStrength { get; set; } = 1.0;

    /// <summary>Networks kept for parallel requests; defaults to the number of cores.</summary>
    public int PoolSize { get; set; }

    /// <summary>Below this overall confidence the photo counts as "no plate".</summary>
    public double MinConfidence { get; set; } = 0.2;

    /// <summary>At or above this the gate may open without a guard (used by the capture flow).</summary>
    public double AutoOpenConfidence { get; set; } = 0.9;

    /// <summary>
    /// Province characters of the lot's own area, e.g. "皖" for a community in Hefei; empty reads every province as
    /// equally likely. A blurred province character is then read as local unless the photo clearly says otherwise.
    /// </summary>
    public string LocalProvinces { get; set; } = "";

    /// <summary>Share of the cars with a local plate (a residential car park: most of them).</summary>
    public double LocalShare { get; set; } = 0.8;
}
