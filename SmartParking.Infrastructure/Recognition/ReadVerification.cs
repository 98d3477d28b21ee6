using Decoded = SmartParking.Infrastructure.Recognition.PlateGrammarDecoder.Decoded;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// Stage 6, verify: a read sure enough to open a gate, but not beyond doubt, has its box read again
/// (<see cref="BoxRereading"/>) moved and relit, and with a shadow lifted; reads of another plate lower its confidence
/// by the one rule of <see cref="BoxRereading.Held"/>. A right read holds; a wrong one is often a coin that landed one
/// way and lands another when the box moves or the light changes. The green plate's own check is in
/// <see cref="GreenPlateCompletion"/>.
/// </summary>
internal sealed class ReadVerification(BoxRereading rereading, DecideCalibration decide, VerifyCalibration verify)
{
    /// <summary>Whether a read is sure enough to open a gate, so that a wrong one would cost.</summary>
    public bool CouldOpen(Decoded read) => read.Confidence >= decide.VerifyFrom;

    public bool NeedsRecheck(Decoded read) => verify.Recheck && CouldOpen(read) && read.Confidence < decide.BeyondDoubt;

    /// <summary>The read after its box was read again moved six ways and in four other lights.</summary>
    public Decoded Recheck(PlatePhoto photo, PlateCandidate candidate, PlateGrammarDecoder decoder, ReadOnlySpan<float> opinion, Decoded best) =>
        BoxRereading.Held(best, rereading.ReadAgain(photo, candidate, BoxChange.MovedAndRelit, decoder, opinion, out _), verify.MovedDissentWeight);

    /// <summary>
    /// A hard shadow's edge across a character turns it into another (0→Q, G→6, 7→1, T→7) at near certainty, and the
    /// moved and relit reads, which keep the edge, agree; so the box is read once more with the shadow lifted.
    /// </summary>
    public Decoded Unshadowed(PlatePhoto photo, PlateCandidate candidate, PlateGrammarDecoder decoder, ReadOnlySpan<float> opinion, Decoded best)
    {
        var lifted = rereading.ReadAgain(photo, candidate, BoxChange.Unshadowed, decoder, opinion, out var depth);
        return ShadowDissent(best, lifted, depth, verify);
    }

    /// <summary>
    /// The province character's doubt counts <see cref="VerifyCalibration.ProvinceDoubtWeight"/> times in a read that
    /// could open a gate: on real photos a province is what the reader takes for another at near certainty (浙→湘,
    /// 赣→陕, 皖→陕), and the recheck, which keeps the checker's opinion of the unmoved box, agrees with it. Reads below
    /// the auto-open confidence are left alone: an expected car's match weighs their other characters by what the
    /// read's confidence leaves for them. A legacy plate has no province.
    /// </summary>
    public static Decoded ProvinceDoubt(Decoded best, DecideCalibration decide, VerifyCalibration verify) =>
        best.Confidence >= decide.VerifyFrom && best.CharacterConfidences.Count > 0 && best.Text.Length > 0 && !char.IsAsciiLetterOrDigit(best.Text[0])
            ? best.Capped(Math.Max(decide.MinConfidence, 1 - verify.ProvinceDoubtWeight * (1 - best.CharacterConfidences[0])))
            : best;

    /// <summary>The lifted read counts only on a plate in a shadow deep enough to change a character.</summary>
    public static Decoded ShadowDissent(Decoded best, IReadOnlyList<Decoded?> lifted, double depth, VerifyCalibration verify) =>
        depth >= verify.MinShadowDepth ? BoxRereading.Held(best, lifted, verify.UnshadowedDissentWeight) : best;
}
