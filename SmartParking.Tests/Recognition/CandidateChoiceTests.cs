using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Recognition;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Recognition;

/// <summary>
/// A box cut short by a shadow or a green plate's pale top reads an 8-character new-energy plate as a confident
/// 7-character one; the longer read of the same plate from a fuller box must win.
/// </summary>
public sealed class CandidateChoiceTests
{
    private static readonly GreenPlateCompletion Green = new(CommittedCalibration.Value.GreenPlate, CommittedCalibration.Value.Decide.MinConfidence);

    private static PlateCandidate Box(float x, float y, float w, float h, PlateColor color) => new(x, y, w, h, [], color, 0);

    private static PlateGrammarDecoder.Decoded Read(string text, double confidence) =>
        new(text, confidence, text.Select(_ => confidence).ToList(), 0f, []);

    [Fact]
    public void CutGreenPlate_TheFullerBoxThatReadsOneMoreCharacterWins()
    {
        PlateCandidate[] boxes = [Box(100, 100, 150, 50, PlateColor.Green), Box(95, 98, 185, 55, PlateColor.Green)];
        PlateGrammarDecoder.Decoded?[] reads = [Read("贵UF0547", 0.99), Read("贵UF05475", 0.63)];

        Assert.Equal(1, Green.WholeGreenPlate(boxes, reads, 0));
    }

    [Fact]
    public void LongerReadOfAnotherPlateInThePhoto_DoesNotWin()
    {
        PlateCandidate[] boxes = [Box(100, 100, 150, 50, PlateColor.Green), Box(500, 300, 185, 55, PlateColor.Green)];
        PlateGrammarDecoder.Decoded?[] reads = [Read("贵UF0547", 0.99), Read("贵UF05475", 0.63)];

        Assert.Equal(0, Green.WholeGreenPlate(boxes, reads, 0));
    }

    [Theory]
    [InlineData("京A12345", "京A12345D", 0.9, PlateColor.Blue)] // a blue plate's wide box hallucinating an eighth character
    [InlineData("京A12345", "京AD12346", 0.9, PlateColor.Green)] // not the same characters plus one
    [InlineData("京A12345", "京A12345D", 0.1, PlateColor.Green)] // too doubtful to overrule
    public void OtherReads_DoNotOverruleTheMostConfidentOne(string best, string other, double otherConfidence, PlateColor color)
    {
        PlateCandidate[] boxes = [Box(100, 100, 150, 50, color), Box(95, 98, 185, 55, color)];
        PlateGrammarDecoder.Decoded?[] reads = [Read(best, 0.99), Read(other, otherConfidence)];

        Assert.Equal(0, Green.WholeGreenPlate(boxes, reads, 0));
    }

    [Fact]
    public void SureLengthenedReadOfTheSameCharactersPlusOne_IsThePlate_AtTheLowerConfidence()
    {
        var kept = Green.LongerPlate(Read("渝L20767", 0.978), Read("渝L20767F", 0.995));

        Assert.Equal("渝L20767F", kept.Text);
        Assert.Equal(0.978, kept.Confidence, 6);
    }

    [Theory]
    [InlineData("粤YD8GQ01", 0.78)] // the frame past a 7-character plate's end, read as a doubtful "1"
    [InlineData("粤YD8GQ61", 0.99)] // not the same characters plus one
    [InlineData("粤YD8GQ0", 0.99)] // the same plate
    public void OtherLengthenedReads_LeaveTheReadAsItWas(string lengthened, double confidence)
    {
        var best = Read("粤YD8GQ0", 0.998);

        Assert.Same(best, Green.LongerPlate(best, Read(lengthened, confidence)));
        Assert.Same(best, Green.LongerPlate(best, null));
    }
}
