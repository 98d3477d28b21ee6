using SmartParking.Infrastructure.Recognition;

namespace SmartParking.Tests.Recognition;

public sealed class PlateGrammarDecoderTests
{
    private const string Alphabet = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼挂学警港澳领ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const int Steps = 32;
    private static readonly int Classes = Alphabet.Length + 1;

    private readonly PlateGrammarDecoder _decoder = new(Alphabet);

    /// <summary>A CTC output that spells <paramref name="columns"/>: one character per column pair, blanks between.</summary>
    private static float[] Spell(params (char Char, float P)[] columns)
    {
        var p = new float[Steps * Classes];
        for (var t = 0; t < Steps; t++)
        {
            p[t * Classes] = 1f;
        }

        for (var i = 0; i < columns.Length; i++)
        {
            var t = 2 + i * 3;
            var k = Alphabet.IndexOf(columns[i].Char) + 1;
            p[t * Classes] = 1 - columns[i].P;
            p[t * Classes + k] = columns[i].P;
        }

        return p;
    }

    private static (char, float)[] Sure(string text) => text.Select(c => (c, 0.99f)).ToArray();

    [Theory]
    [InlineData("京A12345")]
    [InlineData("粤BD12345")]
    [InlineData("沪A12345F")]
    [InlineData("NU123456")]
    [InlineData("皖A1234学")]
    public void Decode_CleanSpelling_ReadsThePlate(string plate)
    {
        var decoded = _decoder.Decode(Spell(Sure(plate)), Steps);

        Assert.NotNull(decoded);
        Assert.Equal(plate, decoded.Text);
        Assert.True(decoded.Confidence > 0.9);
        Assert.Equal(plate.Length, decoded.CharacterConfidences.Count);
    }

    /// <summary>Each GA 36 series the reader can name, read back from a clean spelling under the domain grammar.</summary>
    [Theory]
    [InlineData("鲁C1234挂")]
    [InlineData("粤B1234学")]
    [InlineData("京A1234警")]
    [InlineData("粤O12345")]
    [InlineData("新OA2B57")]
    [InlineData("沪A1234领")]
    [InlineData("粤Z1234港")]
    [InlineData("粤ZA123澳")]
    [InlineData("苏AD12345")]
    [InlineData("京ADA1234")]
    [InlineData("沪A12345D")]
    public void Decode_EachGa36Series_ReadsThePlate(string plate)
    {
        var decoded = _decoder.Decode(Spell(Sure(plate)), Steps);

        Assert.NotNull(decoded);
        Assert.Equal(plate, decoded.Text);
        Assert.True(decoded.Confidence > 0.9);
    }

    [Theory]
    [InlineData("京A1234港")] // 港 and 澳 follow only 粤Z
    [InlineData("苏AD1234A")] // a small new-energy plate ends in four digits
    public void Decode_SpellingTheGrammarForbids_IsNeverASurePlate(string spelled)
    {
        var decoded = _decoder.Decode(Spell(Sure(spelled)), Steps);

        Assert.True(decoded is null || decoded.Text != spelled);
        Assert.True(decoded is null || decoded.Confidence < 0.5, $"{decoded?.Text} at {decoded?.Confidence}");
    }

    [Fact]
    public void Capped_SureReadThatDidNotHold_DropsBelowTheCeilingWithItsOwnGuessButKeepsTheRunnersUp()
    {
        var columns = Sure("京A12345");
        columns[6] = ('5', 0.9f);
        var probs = Spell(columns);
        probs[(2 + 6 * 3) * Classes + Alphabet.IndexOf('6') + 1] = 0.08f;
        var decoded = _decoder.Decode(probs, Steps)!;
        var runnerUp = decoded.Guesses.Single(g => g.Text == "京A12346");

        var capped = decoded.Capped(0.8);

        Assert.Equal("京A12345", capped.Text);
        Assert.Equal(0.8, capped.Confidence, 6);
        Assert.Equal(0.8, capped.Guesses.Single(g => g.Text == "京A12345").Confidence, 6);
        Assert.Equal(runnerUp.Confidence, capped.Guesses.Single(g => g.Text == "京A12346").Confidence, 6);
        Assert.Same(decoded, decoded.Capped(0.99)); // a ceiling above the confidence changes nothing
    }

    [Fact]
    public void Decode_LetterOWhereOnlyASerialMayStand_ReadsZeroAndLowersConfidence()
    {
        var columns = Sure("京A12305");
        var probs = Spell(columns);
        // Column of the fifth character looks like "O" (90%) with a little "0" (10%).
        var t = 2 + 5 * 3;
        probs[t * Classes] = 0f;
        probs[t * Classes + Alphabet.IndexOf('O') + 1] = 0.9f;
        probs[t * Classes + Alphabet.IndexOf('0') + 1] = 0.1f;

        var decoded = _decoder.Decode(probs, Steps);

        Assert.NotNull(decoded);
        Assert.Equal("京A12305", decoded.Text);
        Assert.True(decoded.CharacterConfidences[5] < 0.2);
    }

    /// <summary>O stands only as the office letter of the public-service series: after it, a serial O is a 0.</summary>
    [Fact]
    public void Decode_PublicServiceSeries_KeepsTheOfficeOAndReadsASerialOAsZero()
    {
        var probs = Spell(Sure("粤O12O45"));
        var t = 2 + 4 * 3;
        probs[t * Classes + Alphabet.IndexOf('O') + 1] = 0.9f;
        probs[t * Classes + Alphabet.IndexOf('0') + 1] = 0.09f;
        probs[t * Classes] = 0.01f;

        var decoded = _decoder.Decode(probs, Steps);

        Assert.NotNull(decoded);
        Assert.Equal("粤O12045", decoded.Text);
        Assert.True(decoded.CharacterConfidences[1] > 0.9);
        Assert.True(decoded.CharacterConfidences[4] < 0.2);
    }

    [Fact]
    public void Decode_DoubtfulCharacter_OffersTheRunnerUpAmongGuesses()
    {
        var columns = Sure("京A12345");
        var probs = Spell(columns);
        var t = 2 + 6 * 3;
        probs[t * Classes + Alphabet.IndexOf('5') + 1] = 0.55f;
        probs[t * Classes + Alphabet.IndexOf('6') + 1] = 0.44f;
        probs[t * Classes] = 0.01f;

        var decoded = _decoder.Decode(probs, Steps);

        Assert.NotNull(decoded);
        Assert.Equal("京A12345", decoded.Text);
        Assert.Contains(decoded.Guesses, g => g.Text == "京A12346");
        Assert.Equal("京A12345", decoded.Guesses[0].Text);
    }

    [Fact]
    public void Decode_AllBlank_GivesAVeryLowConfidence()
    {
        var decoded = _decoder.Decode(Spell(), Steps);

        Assert.True(decoded is null || decoded.Confidence < 0.01);
    }

    /// <summary>A spelling of 陕A12345 whose province column is split between 陕 and 皖.</summary>
    private static float[] ProvinceBetween(float shaanxi, float anhui)
    {
        var probs = Spell(Sure("陕A12345"));
        probs[2 * Classes] = 1 - shaanxi - anhui;
        probs[2 * Classes + Alphabet.IndexOf('陕') + 1] = shaanxi;
        probs[2 * Classes + Alphabet.IndexOf('皖') + 1] = anhui;
        return probs;
    }

    [Fact]
    public void Decode_BlurredProvinceAtALotInAnhui_ReadsTheLocalProvince()
    {
        var probs = ProvinceBetween(shaanxi: 0.5f, anhui: 0.3f);

        Assert.Equal("陕A12345", _decoder.Decode(probs, Steps)!.Text);
        Assert.Equal("皖A12345", new PlateGrammarDecoder(Alphabet, "皖", 0.8).Decode(probs, Steps)!.Text);
    }

    [Fact]
    public void Decode_SharpNonLocalProvince_IsNotOverruledByTheLocalPreference()
    {
        var decoded = new PlateGrammarDecoder(Alphabet, "皖", 0.8).Decode(ProvinceBetween(shaanxi: 0.98f, anhui: 0.0005f), Steps);

        Assert.Equal("陕A12345", decoded!.Text);
        Assert.True(decoded.CharacterConfidences[0] > 0.9);
    }

    private const string CheckerClasses = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼-";

    /// <summary>The province checker's softmax: <paramref name="p"/> on one character, the rest spread evenly.</summary>
    private static float[] CheckerSays(char province, float p) =>
        CheckerClasses.Select(c => c == province ? p : (1 - p) / (CheckerClasses.Length - 1)).ToArray();

    [Fact]
    public void Decode_ProvinceTheReaderHalfSees_IsSettledByTheChecker()
    {
        var decoder = new PlateGrammarDecoder(Alphabet, checkerClasses: CheckerClasses, checkerStrength: 1);
        var probs = ProvinceBetween(shaanxi: 0.5f, anhui: 0.4f);

        Assert.Equal("陕A12345", decoder.Decode(probs, Steps)!.Text);
        Assert.Equal("皖A12345", decoder.Decode(probs, Steps, CheckerSays('皖', 0.9f))!.Text);
        Assert.Equal("陕A12345", decoder.Decode(probs, Steps, CheckerSays('陕', 0.9f))!.Text);
    }

    [Fact]
    public void Decode_CheckerSureOfAnotherProvince_TakesTheReadBelowTheAutoOpenThreshold()
    {
        // 浙RD75513 read 新RD75513: the reader is sure, the checker, trained apart, sees 浙.
        var decoder = new PlateGrammarDecoder(Alphabet, checkerClasses: CheckerClasses, checkerStrength: 1);
        var probs = Spell([.. "新RD75513".Select(c => (c, 0.999f))]);
        probs[2 * Classes + Alphabet.IndexOf('新') + 1] = 0.95f;
        probs[2 * Classes + Alphabet.IndexOf('浙') + 1] = 0.03f;
        probs[2 * Classes] = 0.02f;

        var alone = decoder.Decode(probs, Steps)!;
        var checkedRead = decoder.Decode(probs, Steps, CheckerSays('浙', 0.9f))!;

        Assert.True(alone.Confidence >= 0.9, $"the reader alone opens the gate ({alone.Confidence:0.000})");
        Assert.True(checkedRead.Confidence < 0.9, $"with the checker's dissent it does not ({checkedRead.Confidence:0.000})");
        Assert.Contains(checkedRead.Guesses, g => g.Text == "浙RD75513");
    }

    [Fact]
    public void Decode_CheckerAgreeing_NeverRaisesTheReadsConfidence()
    {
        var decoder = new PlateGrammarDecoder(Alphabet, checkerClasses: CheckerClasses, checkerStrength: 1);
        var probs = ProvinceBetween(shaanxi: 0.85f, anhui: 0.1f);

        var alone = decoder.Decode(probs, Steps)!;
        var agreed = decoder.Decode(probs, Steps, CheckerSays('陕', 0.99f))!;

        Assert.Equal("陕A12345", agreed.Text);
        Assert.Equal(alone.Confidence, agreed.Confidence, 6);
    }

    [Fact]
    public void Decode_SharpProvince_IsNotOverruledByAnUnsureChecker()
    {
        var decoder = new PlateGrammarDecoder(Alphabet, checkerClasses: CheckerClasses, checkerStrength: 1);

        var decoded = decoder.Decode(ProvinceBetween(shaanxi: 0.98f, anhui: 0.0005f), Steps, CheckerSays('皖', 0.3f));

        Assert.Equal("陕A12345", decoded!.Text);
    }

    /// <summary>
    /// A foreign plate "AS47040" whose wide 4 fills two columns with no blank between: CTC reads that as one 4, so
    /// the only layout it resembles (legacy, two letters and six digits) needs a character the reader never saw. (The
    /// military series has seven such characters, but its first letter is a service's, and A is none.)
    /// </summary>
    [Fact]
    public void Decode_OneWideCharacterAcrossTwoColumns_IsNotCountedTwiceToFillALayout()
    {
        var probs = Spell(Sure("AS47040"));
        var wide = 2 + 2 * 3 + 1;
        probs[wide * Classes] = 0.01f;
        probs[wide * Classes + Alphabet.IndexOf('4') + 1] = 0.99f;

        var decoded = _decoder.Decode(probs, Steps);

        Assert.True(decoded is null || decoded.Confidence < 0.2, $"{decoded?.Text} at {decoded?.Confidence}");
    }

    [Fact]
    public void Decode_TwoEqualCharactersWithABlankBetween_ReadsBoth()
    {
        var decoded = _decoder.Decode(Spell(Sure("京A11335")), Steps);

        Assert.Equal("京A11335", decoded!.Text);
        Assert.True(decoded.Confidence > 0.9);
    }
}
