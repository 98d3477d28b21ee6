using SmartParking.Domain.Gate;

namespace SmartParking.Tests.Domain.Gate;

public sealed class PlateSuggestionsTests
{
    [Fact]
    public void Rank_AKnownPlateOneCharacterAway_OutranksTheDoubtfulReadItself()
    {
        var ranked = PlateSuggestions.Rank([("京A12B45", 0.6), ("京A12845", 0.2)], ["京A12345", "沪C99999"]);

        Assert.Equal("京A12345", ranked[0].Plate);
        Assert.True(ranked[0].Known);
        Assert.Contains(ranked, s => s.Plate == "京A12B45" && !s.Known);
        Assert.DoesNotContain(ranked, s => s.Plate == "沪C99999");
    }

    [Fact]
    public void Rank_TheReadMatchingAKnownPlateExactly_IsFirst()
    {
        var ranked = PlateSuggestions.Rank([("京A12345", 0.7)], ["京A12346", "京A12345"]);

        Assert.Equal(["京A12345", "京A12346"], ranked.Select(s => s.Plate).ToArray());
    }

    [Fact]
    public void Rank_PlatesOfAnotherLengthOrThreeCharactersAway_AreNotOffered()
    {
        var ranked = PlateSuggestions.Rank([("京AD12345", 0.5)], ["京A12345", "京AD99945"]);

        Assert.Equal(["京AD12345"], ranked.Select(s => s.Plate).ToArray());
    }

    [Fact]
    public void Rank_ShowsAtMostFive()
    {
        var known = Enumerable.Range(0, 9).Select(i => $"京A1234{i}");

        Assert.Equal(PlateSuggestions.Shown, PlateSuggestions.Rank([("京A12340", 0.4)], known).Count);
    }
}
