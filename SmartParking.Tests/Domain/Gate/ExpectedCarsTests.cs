using System.Globalization;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Domain.Recognition;

namespace SmartParking.Tests.Domain.Gate;

/// <summary>
/// A lane that knows which cars it expects: the camera's read, with its per-character confidences and other guesses,
/// against the plates of the cars inside (exit) or the lot's known plates (entry). The rows are reads the evaluation
/// measured on real photos.
/// </summary>
public sealed class ExpectedCarsTests
{
    /// <param name="characters">Per-character confidences, space-separated; the read's confidence is their product.</param>
    /// <param name="guesses">Other guesses as "plate:confidence", space-separated.</param>
    private static PlateRead Read(string plate, string characters, string guesses = "")
    {
        var confidences = characters.Split(' ').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToList();
        var overall = confidences.Aggregate(1.0, (a, c) => a * c);
        var others = guesses.Length == 0 ? [] : guesses.Split(' ').Select(g => g.Split(':')).Select(g => new PlateGuess(g[0], double.Parse(g[1], CultureInfo.InvariantCulture)));
        return new PlateRead(PlateNumber.Parse(plate), overall, confidences, PlateColor.Blue, new PlateBox(0, 0, 100, 30), [new PlateGuess(plate, overall), .. others]);
    }

    private static PlateNumber[] Plates(string plates) => [.. plates.Split(' ').Select(PlateNumber.Parse)];

    [Theory]
    // A sure read of an expected car opens for it, at either lane.
    [InlineData("Entry", "浙A85J08", "1 1 1 1 1 1 0.999", "", "浙A85J08 苏E12345 沪B74992", "浙A85J08")]
    [InlineData("Exit", "浙A85J08", "1 1 1 1 1 1 0.999", "", "浙A85J08 苏E12345 沪B74992", "浙A85J08")]
    // A doubtful read (0.59: 浙 or 渝) of a plate that is expected: the exact plate is the car.
    [InlineData("Entry", "浙B14292", "0.595 0.998 1 1 1 1 1", "渝B14292:0.308", "浙B14292 苏E12345", "浙B14292")]
    // The camera's second guess is the expected car, its first is no car here.
    [InlineData("Entry", "湘B14292", "0.595 0.998 1 1 1 1 1", "沪B14292:0.35", "沪B14292 苏E12345", "沪B14292")]
    // One character away, on the one character the camera doubted (皖 at 0.55, read 陕).
    [InlineData("Entry", "陕AS0825", "0.55 1 1 1 1 1 1", "", "皖AS0825 苏E12345", "皖AS0825")]
    // Leaving, the car is one of the stays: 浙EK1921 read 湘EK1921 at 0.84 on a toll photo, 浙 its guess at 0.096.
    [InlineData("Exit", "湘EK1921", "0.904 1 0.999 1 1 1 1", "浙EK1921:0.096", "浙EK1921 苏E12345", "浙EK1921")]
    // Leaving, 浙A00384 read 浙A0D384 at 0.999: 0/D is a measured confusion and no other stay is near.
    [InlineData("Exit", "浙A0D384", "1 1 1 0.999 1 1 1", "", "浙A00384 苏E12345", "浙A00384")]
    // Leaving, 浙F279D6 read 浙F27906, the true plate among the camera's guesses at 0.000: still the one stay near.
    [InlineData("Exit", "浙F27906", "1 1 1 1 0.924 1 1", "浙F279D6:0.000", "浙F279D6 苏E12345", "浙F279D6")]
    public void ClearMatch_OpensForThatPlate(string lane, string read, string characters, string guesses, string expected, string plate)
    {
        var match = ExpectedCars.Match(Read(read, characters, guesses), Plates(expected), Enum.Parse<LaneDirection>(lane));

        Assert.Equal(ExpectedCarVerdict.Match, match.Verdict);
        Assert.Equal(plate, match.Plate!.Value);
    }

    [Theory]
    // Arriving, 浙A0D384 read at 0.999 may be a stranger's plate: the camera is sure of the D, the known car has a 0.
    [InlineData("Entry", "浙A0D384", "1 1 1 0.999 1 1 1", "", "浙A00384 苏E12345", "浙A00384")]
    // Arriving, a known plate the camera only guessed at 0.096 is not enough.
    [InlineData("Entry", "湘EK1921", "0.904 1 0.999 1 1 1 1", "浙EK1921:0.096", "浙EK1921 苏E12345", "浙EK1921")]
    // Two expected cars fit the read: as read (0.61) and one doubtful character away (0/D).
    [InlineData("Entry", "浙A0D384", "1 1 1 0.61 1 1 1", "", "浙A0D384 浙A00384", "浙A0D384 浙A00384")]
    [InlineData("Exit", "浙A0D384", "1 1 1 0.61 1 1 1", "", "浙A0D384 浙A00384", "浙A0D384 浙A00384")]
    // Read doubtfully, with both of its likeliest guesses expected.
    [InlineData("Exit", "湘B14292", "0.5 1 1 1 1 1 1", "沪B14292:0.45", "湘B14292 沪B14292", "湘B14292 沪B14292")]
    // One character away, but the rest of the plate is itself doubtful.
    [InlineData("Entry", "陕AS0825", "0.55 1 1 1 0.7 1 1", "", "皖AS0825", "皖AS0825")]
    [InlineData("Exit", "陕AS0825", "0.55 1 1 1 0.7 1 1", "", "皖AS0825", "皖AS0825")]
    // Leaving, one character away that the camera was sure of and that was never measured confused (K/X).
    [InlineData("Exit", "浙A1234K", "1 1 1 1 1 1 0.99", "", "浙A1234X", "浙A1234X")]
    // Arriving, read exactly as a known plate, but too weakly to act on.
    [InlineData("Entry", "苏E12345", "0.3 1 1 1 0.3 1 1", "", "苏E12345", "苏E12345")]
    public void DoubtfulMatch_GoesToTheGuardWithTheCandidates(string lane, string read, string characters, string guesses, string expected, string candidates)
    {
        var match = ExpectedCars.Match(Read(read, characters, guesses), Plates(expected), Enum.Parse<LaneDirection>(lane));

        Assert.Equal(ExpectedCarVerdict.Doubtful, match.Verdict);
        Assert.Null(match.Plate);
        Assert.Equal(candidates.Split(' ').Order(), match.Candidates.Select(p => p.Value).Order());
    }

    [Theory]
    // Not near any expected car (浙EK6611 read 浙EWK661: two characters moved): the lane decides on the read as before.
    [InlineData("浙EWK661", "1 0.99 0.97 1 1 1 1", "浙EK6611 苏E12345")]
    // Two characters away from the only expected car.
    [InlineData("浙A12399", "1 1 1 1 1 0.6 0.6", "浙A12345")]
    public void NoExpectedCarNearTheRead_IsUnexpected(string read, string characters, string expected)
    {
        var match = ExpectedCars.Match(Read(read, characters), Plates(expected), LaneDirection.Entry);

        Assert.Equal(ExpectedCarVerdict.Unexpected, match.Verdict);
    }

    [Fact]
    public void NoRead_IsUnexpected()
    {
        Assert.Equal(ExpectedCarVerdict.Unexpected, ExpectedCars.Match(null, Plates("浙A12345"), LaneDirection.Entry).Verdict);
    }

    [Fact]
    public void NoCarsExpected_IsUnexpected()
    {
        Assert.Equal(ExpectedCarVerdict.Unexpected, ExpectedCars.Match(Read("浙A12345", "1 1 1 1 1 1 1"), [], LaneDirection.Exit).Verdict);
    }

    [Fact]
    public void NewEnergyPlate_CutShortToSevenCharacters_IsNotMatchedToAnotherCar()
    {
        // Plates of different lengths are never one character apart: the 8-character car is not taken for the read.
        var match = ExpectedCars.Match(Read("粤BD1234", "1 1 1 0.6 1 1 1"), Plates("粤BD12345"), LaneDirection.Exit);

        Assert.Equal(ExpectedCarVerdict.Unexpected, match.Verdict);
    }
}
