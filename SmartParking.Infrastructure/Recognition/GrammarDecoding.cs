using System.Collections.Concurrent;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// Stage 5, decode under the grammar: the reader's probabilities (weighed with the province checker's opinion and the
/// lot's local provinces) to the best reading GA 36 allows (<see cref="PlateGrammarDecoder"/>).
/// </summary>
internal sealed class GrammarDecoding(string alphabet, string? provinceClasses, ReadCalibration calibration)
{
    /// <summary>One decoder per local-province setting in use (an admin may change it while the lot runs).</summary>
    private readonly ConcurrentDictionary<string, PlateGrammarDecoder> _decoders = new();

    /// <summary>Whether the province checker's opinion is asked at all.</summary>
    public bool UsesChecker => provinceClasses is not null && calibration.ProvinceCheckerStrength > 0;

    public PlateGrammarDecoder For(string localProvinces) =>
        _decoders.GetOrAdd(localProvinces, provinces => new PlateGrammarDecoder(alphabet, provinces, calibration.LocalShare,
            provinceClasses, calibration.ProvinceCheckerStrength));
}
