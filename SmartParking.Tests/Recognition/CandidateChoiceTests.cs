using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Recognition;

namespace SmartParking.Tests.Recognition;

/// <summary>
/// A box cut short by a shadow or a green plate's pale top reads an 8-character new-energy plate as a confident
/// 7-character one; the longer read of the same plate from a fuller box must win.
/// </summary>
public sealed class CandidateChoiceTests
{
    private static NativeVision.Candidate Box(float x, float y, float w, float h, PlateColor color) =>
        new() { X = x, Y = y, W = w, H = h, Color = (int)color };

    private static PlateGrammarDecoder.Decoded Read(string text, double confidence) =>
        new(text, confidence, text.Select(_ => confidence).ToList(), 0f, []);

    [Fact]
    public void CutGreenPlate_TheFullerBoxThatReadsOneMoreCharacterWins()
    {
        NativeVision.Candidate[] boxes = [Box(100, 100, 150, 50, PlateColor.Green), Box(95, 98, 185, 55, PlateColor.Green)];
        PlateGrammarDecoder.Decoded?[] reads = [Read("贵UF0547", 0.99), Read("贵UF05475", 0.63)];

        Assert.Equal(1, NativePlateRecognizer.WholeGreenPlate(boxes, reads, 0, 0.2));
    }

    [Fact]
    public void LongerReadOfAnotherPlateInThePhoto_DoesNotWin()
    {
        NativeVision.Candidate[] boxes = [Box(100, 100, 150, 50, PlateColor.Green), Box(500, 300, 185, 55, PlateColor.Green)];
        PlateGrammarDecoder.Decoded?[] reads = [Read("贵UF0547", 0.99), Read("贵UF05475", 0.63)];

        Assert.Equal(0, NativePlateRecognizer.WholeGreenPlate(boxes, reads, 0, 0.2));
    }

    [Theory]
    [InlineData("京A12345", "京A12345D", 0.9, PlateColor.Blue)] // a blue plate's wide box hallucinating an eighth character
    [InlineData("京A12345", "京AD12346", 0.9, PlateColor.Green)] // not the same characters plus one
    [InlineData("京A12345", "京A12345D", 0.1, PlateColor.Green)] // too doubtful to overrule
    public void OtherReads_DoNotOverruleTheMostConfidentOne(string best, string other, double otherConfidence, PlateColor color)
    {
        NativeVision.Candidate[] boxes = [Box(100, 100, 150, 50, color), Box(95, 98, 185, 55, color)];
        PlateGrammarDecoder.Decoded?[] reads = [Read(best, 0.99), Read(other, otherConfidence)];

        Assert.Equal(0, NativePlateRecognizer.WholeGreenPlate(boxes, reads, 0, 0.2));
    }
}
