using OpenCvSharp;
using Decoded = SmartParking.Infrastructure.Recognition.PlateGrammarDecoder.Decoded;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>What the pipeline made of a photo: how many regions it read and the read it stands by, if any.</summary>
internal sealed record PipelineOutcome(PhotoStatus Status, int RegionsRead, Decoded? Best, PlateCandidate Chosen);

/// <summary>
/// The recognition pipeline, its stages in order: decode (<see cref="PhotoDecoding"/>) → find
/// (<see cref="PlateFinding"/>) → straighten (<see cref="PlateStraightening"/>) → read (<see cref="PlateReading"/>) →
/// decode under the grammar (<see cref="GrammarDecoding"/>) → verify (<see cref="ReadVerification"/>, with the green
/// plate's own check in <see cref="GreenPlateCompletion"/>). Find to decode repeat once more, for the second look,
/// only when the first gave no sure read. Every number the stages use comes from the <see cref="RecognitionCalibration"/>.
/// </summary>
internal sealed class PlatePipeline
{
    private readonly RecognitionCalibration _calibration;
    private readonly PhotoDecoding _decoding;
    private readonly PlateFinding _finding;
    private readonly PlateReading _reading;
    private readonly GrammarDecoding _grammar;
    private readonly ReadVerification _verification;
    private readonly GreenPlateCompletion _green;
    private readonly BoxRereading _rereading;

    public PlatePipeline(PlateVision vision, string alphabet, string? provinceClasses, RecognitionCalibration calibration, long maxPixels)
    {
        _calibration = calibration;
        _green = new GreenPlateCompletion(calibration.GreenPlate, calibration.Decide.MinConfidence);
        _decoding = new PhotoDecoding(calibration.Photo, maxPixels);
        _finding = new PlateFinding(vision, calibration.Find, _green);
        _reading = new PlateReading(vision);
        _grammar = new GrammarDecoding(alphabet, provinceClasses, calibration.Read);
        _rereading = new BoxRereading(_reading, calibration.GreenPlate);
        _verification = new ReadVerification(_rereading, calibration.Decide, calibration.Verify);
    }

    public RecognitionCalibration Calibration => _calibration;

    public PhotoDecoding Decoding => _decoding;

    public PlateFinding Finding => _finding;

    public PlateReading Reading => _reading;

    public BoxRereading Rereading => _rereading;

    public GrammarDecoding Grammar => _grammar;

    public PipelineOutcome Run(ReadOnlySpan<byte> image, string localProvinces)
    {
        var maxCandidates = _calibration.Find.MaxCandidates;
        var status = _decoding.Open(image, maxCandidates, out var photo);
        if (status != PhotoStatus.Ok)
        {
            return new PipelineOutcome(status, 0, null, default);
        }

        using (photo)
        {
            var decoder = _grammar.For(localProvinces);
            var checkerClasses = _grammar.UsesChecker ? _reading.ProvinceClasses : 0;
            var candidates = new List<PlateCandidate>();
            var reads = new List<Decoded?>();
            var opinions = new List<float[]>();
            var rechecked = new List<bool>();
            var bestIndex = -1;
            var enough = _calibration.Decide.EnoughConfidence;
            ReadOnlySpan<float> Opinion(int i) => checkerClasses == 0 ? default : opinions[i];

            // The finder's marks are read first, the colour and edge cues' regions only when no mark reads at the
            // enough confidence and holds under the recheck: most photos are spared half the work (decision 018).
            while (candidates.Count < maxCandidates)
            {
                if (bestIndex >= 0 && reads[bestIndex]!.Confidence >= enough)
                {
                    if (!_verification.NeedsRecheck(reads[bestIndex]!) || rechecked[bestIndex])
                    {
                        break;
                    }

                    reads[bestIndex] = _verification.Recheck(photo!, candidates[bestIndex], decoder, Opinion(bestIndex), reads[bestIndex]!);
                    rechecked[bestIndex] = true;
                    bestIndex = MostConfident(reads);
                    if (reads[bestIndex]!.Confidence >= enough)
                    {
                        continue;
                    }
                }

                var looked = Look(photo!, maxCandidates - candidates.Count, decoder, checkerClasses, candidates, reads, opinions);
                if (looked == 0)
                {
                    break;
                }

                rechecked.AddRange(Enumerable.Repeat(false, looked));
                bestIndex = MostConfident(reads);
            }

            if (bestIndex < 0)
            {
                return new PipelineOutcome(PhotoStatus.Ok, candidates.Count, null, default);
            }

            bestIndex = _green.WholeGreenPlate(candidates, reads, bestIndex);
            var best = reads[bestIndex]!;
            var chosen = candidates[bestIndex];
            if (!rechecked[bestIndex] && _verification.NeedsRecheck(best))
            {
                best = _verification.Recheck(photo!, chosen, decoder, Opinion(bestIndex), best);
            }

            if (_verification.CouldOpen(best))
            {
                best = _verification.Unshadowed(photo!, chosen, decoder, Opinion(bestIndex), best);
            }

            if (GreenPlateCompletion.MightBeShort(best) && _verification.CouldOpen(best))
            {
                var lengthened = _rereading.ReadAgain(photo!, chosen, BoxChange.Lengthened, decoder, Opinion(bestIndex), out _);
                best = _green.LongerPlate(best, lengthened[0]);
            }

            best = ReadVerification.ProvinceDoubt(best, _calibration.Decide, _calibration.Verify);

            return new PipelineOutcome(PhotoStatus.Ok, candidates.Count, best, chosen);
        }
    }

    /// <summary>Stages 2–5 once: the next look's regions found, straightened, read and decoded; returns how many.</summary>
    private int Look(PlatePhoto photo, int limit, PlateGrammarDecoder decoder, int checkerClasses,
        List<PlateCandidate> candidates, List<Decoded?> reads, List<float[]> opinions)
    {
        var regions = _finding.NextLook(photo, limit);
        if (regions.Count == 0)
        {
            return 0;
        }

        var found = new PlateCandidate[regions.Count];
        List<Mat> crops = PlateStraightening.Straighten(photo, regions, found);
        float[] probabilities;
        try
        {
            probabilities = _reading.Read(crops);
        }
        finally
        {
            crops.ForEach(c => c.Dispose());
        }

        var checkedProvinces = checkerClasses > 0 ? _reading.CheckProvinces(photo, found) : [];
        try
        {
            for (var i = 0; i < found.Length; i++)
            {
                var opinion = checkerClasses > 0 ? checkedProvinces.AsSpan(i * checkerClasses, checkerClasses).ToArray() : [];
                candidates.Add(found[i]);
                opinions.Add(opinion);
                reads.Add(decoder.Decode(probabilities.AsSpan(i * _reading.BlockSize, _reading.BlockSize), _reading.Timesteps, opinion));
            }
        }
        finally
        {
            PlateReading.Return(probabilities);
        }

        return found.Length;
    }

    private static int MostConfident(List<Decoded?> reads)
    {
        var best = -1;
        for (var i = 0; i < reads.Count; i++)
        {
            if (reads[i] is { } read && (best < 0 || read.Confidence > reads[best]!.Confidence))
            {
                best = i;
            }
        }

        return best;
    }
}
