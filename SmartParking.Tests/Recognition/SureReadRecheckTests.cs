using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Recognition;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Recognition;

/// <summary>
/// A read sure enough to open the gate is read again from its box moved and relit; what the moved reads say decides
/// whether the car drives in or waits for the guard.
/// </summary>
public sealed class SureReadRecheckTests
{
    private static readonly RecognitionCalibration Calibration = CommittedCalibration.Value;
    private static readonly double AutoOpen = Calibration.Decide.VerifyFrom;
    private static readonly double MovedWeight = Calibration.Verify.MovedDissentWeight;

    private static PlateGrammarDecoder.Decoded Read(string text, double confidence) =>
        new(text, confidence, text.Select(_ => confidence).ToList(), 0f, [new PlateGuess(text, confidence)]);

    private static IEnumerable<PlateGrammarDecoder.Decoded?> Moved(params (string Text, double Confidence)[] reads) =>
        reads.Select(r => (PlateGrammarDecoder.Decoded?)Read(r.Text, r.Confidence));

    [Fact]
    public void ReadThatHoldsInEveryMove_KeepsItsConfidence_AndOpensTheGate()
    {
        var best = Read("京A12345", 0.95);

        var held = BoxRereading.Held(best, Moved([.. Enumerable.Repeat(("京A12345", 0.97), 10)]), MovedWeight);

        Assert.Equal(0.95, held.Confidence, 6);
        Assert.True(held.Confidence >= AutoOpen);
    }

    [Fact]
    public void TwoSureMovedReadsOfAnotherPlate_SendTheCarToTheGuard()
    {
        // 甘M0052R read 甘M0Q52R: the shadow-lifted and the evened-out crops read the 0 again.
        var best = Read("甘M0Q52R", 0.96);

        var held = BoxRereading.Held(best, Moved(("甘M0Q52R", 0.9), ("甘M0052R", 0.98), ("甘M0052R", 0.86), ("甘M0Q52R", 0.8)), MovedWeight);

        Assert.Equal(1 - MovedWeight * (0.98 + 0.86), held.Confidence, 6);
        Assert.True(held.Confidence < AutoOpen);
        Assert.Equal(held.Confidence, held.Guesses.Single(g => g.Text == "甘M0Q52R").Confidence, 6);
    }

    [Fact]
    public void OneUnsureDissent_OrMovesThatReadNothing_DoNotStopACarThatReadsSurely()
    {
        var best = Read("沪B7K2Q9", 0.97);

        var held = BoxRereading.Held(best, Moved(("沪B7K2Q8", 0.2)).Append(null).Append(null), MovedWeight);

        Assert.Equal(0.97, held.Confidence, 6);
    }

    [Fact]
    public void LiftedReadOfAnotherPlateInADeepShadow_SendsTheCarToTheGuard()
    {
        // 云SF09001 read 云SFQ9001 at 0.998: the shadow's edge is the Q's tail; lifted, the plate reads right.
        var best = Read("云SFQ9001", 0.998);

        var held = ReadVerification.ShadowDissent(best, [Read("云SF09001", 0.99)], 3.1, Calibration.Verify);

        Assert.Equal(1 - Calibration.Verify.UnshadowedDissentWeight * 0.99, held.Confidence, 6);
        Assert.True(held.Confidence < AutoOpen);
    }

    [Theory]
    [InlineData("云SFQ9001", 0.99, 3.1)] // lifted, it reads the same plate
    [InlineData("云SF09001", 0.99, 1.6)] // the background is too evenly lit for a shadow to change a character
    public void LiftedReadThatAgrees_OrAPlateWithoutADeepShadow_KeepsTheRead(string lifted, double confidence, double depth)
    {
        var best = Read("云SFQ9001", 0.998);

        Assert.Same(best, ReadVerification.ShadowDissent(best, [Read(lifted, confidence)], depth, Calibration.Verify));
        Assert.Same(best, ReadVerification.ShadowDissent(best, [], 3.1, Calibration.Verify));
    }

    [Fact]
    public void ReadWhoseProvinceIsInDoubt_GoesToTheGuard_EvenWhenTheRestIsSure()
    {
        // toll_126: 浙F6717K read 湘F6717K at 0.924, the province at 0.979 and every other character certain.
        var best = new PlateGrammarDecoder.Decoded("湘F6717K", 0.924, [0.979, 1, 1, 1, 1, 1, 1], 0f, [new PlateGuess("湘F6717K", 0.924)]);

        var held = ReadVerification.ProvinceDoubt(best, Calibration.Decide, Calibration.Verify);

        Assert.Equal(1 - Calibration.Verify.ProvinceDoubtWeight * (1 - 0.979), held.Confidence, 6);
        Assert.True(held.Confidence < AutoOpen);
    }

    [Fact]
    public void ReadWithASureProvince_ALegacyPlateWithoutOne_OrAReadThatCannotOpen_KeepsItsConfidence()
    {
        var sure = new PlateGrammarDecoder.Decoded("浙F6717K", 0.95, [0.999, 1, 1, 1, 1, 1, 0.96], 0f, [new PlateGuess("浙F6717K", 0.95)]);
        var legacy = new PlateGrammarDecoder.Decoded("NU123456", 0.95, [0.9, 1, 1, 1, 1, 1, 1, 1], 0f, [new PlateGuess("NU123456", 0.95)]);
        // Below the auto-open confidence an expected car's match reads the other characters out of the confidence.
        var doubtful = new PlateGrammarDecoder.Decoded("赣A878R3", 0.756, [0.933, 1, 1, 1, 0.998, 1, 1], 0f, [new PlateGuess("赣A878R3", 0.756)]);

        Assert.Equal(0.95, ReadVerification.ProvinceDoubt(sure, Calibration.Decide, Calibration.Verify).Confidence, 6);
        Assert.Same(legacy, ReadVerification.ProvinceDoubt(legacy, Calibration.Decide, Calibration.Verify));
        Assert.Same(doubtful, ReadVerification.ProvinceDoubt(doubtful, Calibration.Decide, Calibration.Verify));
    }
}
