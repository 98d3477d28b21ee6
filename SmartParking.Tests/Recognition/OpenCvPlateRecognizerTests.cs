using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Recognition;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Recognition;

public sealed class OpenCvPlateRecognizerTests(OpenCvPlateRecognizerTests.Engine engine) : IClassFixture<OpenCvPlateRecognizerTests.Engine>
{
    public sealed class Engine : IDisposable
    {
        public OpenCvPlateRecognizer Recognizer { get; } = new(Options.Create(new RecognitionSettings()), NullLogger<OpenCvPlateRecognizer>.Instance);

        public RecognitionProbe Probe { get; } = new();

        public void Dispose()
        {
            Recognizer.Dispose();
            Probe.Dispose();
        }
    }

    private OpenCvPlateRecognizer Recognizer => engine.Recognizer;

    private RecognitionProbe Probe => engine.Probe;

    [Fact]
    public void SureReadOfTheFinderSurestMark_SparesReadingTheOtherRegionsOfTheLook()
    {
        // Two cars' plates in one photo: the finder marks both, each comes with its second looks (refined by colour, by
        // corners), and a sure read of the surest mark that holds ends the search.
        var photo = TestImages.WithPasted(TestImages.PlateScene("京A12345", PlateColor.Blue), TestImages.PlateCrop("沪B7K2Q9", PlateColor.Blue), 20, 20);

        var (regionsRead, plate) = Probe.Run(photo);

        Assert.Contains(plate, new[] { "京A12345", "沪B7K2Q9" });
        Assert.True(regionsRead < Probe.FirstLookRegions(photo), $"read {regionsRead} of the first look's {Probe.FirstLookRegions(photo)} regions");
    }

    [Fact]
    public void Engine_LoadsTheCommittedModelsThroughOpenCvSharp()
    {
        Assert.True(Recognizer.IsAvailable, "models/plate-reader.onnx and OpenCvSharp4's native runtime must be present");
    }

    [Theory]
    [InlineData("京A12345", PlateColor.Blue)]
    [InlineData("沪B7K2Q9", PlateColor.Blue)]
    [InlineData("粤B3X8C6", PlateColor.Yellow)]
    [InlineData("苏AD12345", PlateColor.Green)]
    public async Task Recognize_RenderedPlateCrop_ReadsItBack(string plate, PlateColor color)
    {
        var result = await Recognizer.RecognizeAsync(TestImages.PlateCrop(plate, color));

        Assert.Equal(RecognitionStatus.Read, result.Status);
        Assert.Equal(plate, result.Plate!.Plate.Value);
        Assert.Equal(plate.Length, result.Plate.CharacterConfidences.Count);
        Assert.InRange(result.Plate.Confidence, 0.0, 1.0);
    }

    [Theory]
    [InlineData("京A12345", PlateColor.Blue)]
    [InlineData("浙C5R7T3", PlateColor.Blue)]
    [InlineData("川AF08317", PlateColor.Green)]
    public async Task Recognize_RenderedPlateInAPhoto_FindsAndReadsIt(string plate, PlateColor color)
    {
        var result = await Recognizer.RecognizeAsync(TestImages.PlateScene(plate, color));

        Assert.Equal(RecognitionStatus.Read, result.Status);
        Assert.Equal(plate, result.Plate!.Plate.Value);
        Assert.Equal(color, result.Plate.Color);
        // The plate sits centred at 3/5 of the height of an 800x600 scene, 180 px wide.
        var box = result.Plate.Box;
        Assert.InRange(box.X + box.Width / 2, 350, 450);
        Assert.InRange(box.Y + box.Height / 2, 360, 420);
    }

    [Theory]
    [InlineData("京A12345", PlateColor.Blue)]
    [InlineData("川AF08317", PlateColor.Green)]
    public async Task Recognize_ClearPlateInAPhoto_OpensTheGateFromTheFirstLookAsReadingEveryRegionWould(string plate, PlateColor color)
    {
        var committed = CommittedCalibration.Value;
        var everyRegion = committed with
        {
            Decide = committed.Decide with { EnoughConfidence = 2 },
            Verify = committed.Verify with { Recheck = false },
        };
        using var thorough = new OpenCvPlateRecognizer(Options.Create(new RecognitionSettings()), NullLogger<OpenCvPlateRecognizer>.Instance, everyRegion);
        var photo = TestImages.PlateScene(plate, color);

        var quick = await Recognizer.RecognizeAsync(photo);
        var full = await thorough.RecognizeAsync(photo);

        Assert.Equal(plate, full.Plate!.Plate.Value);
        Assert.Equal(plate, quick.Plate!.Plate.Value);
        // The recheck of a sure read moves its box; a clear plate still reads the same, so the gate opens.
        Assert.InRange(quick.Plate.Confidence, committed.Decide.VerifyFrom, full.Plate.Confidence);
    }

    [Theory]
    [InlineData("京A12345", PlateColor.Blue)]
    [InlineData("粤B3X8C6", PlateColor.Yellow)]
    [InlineData("川AF08317", PlateColor.Green)]
    public void Finder_MarksThePlateInAPhoto(string plate, PlateColor color)
    {
        var found = Probe.FindPlates(TestImages.PlateScene(plate, color));

        Assert.NotNull(found); // models/plate-finder.onnx is committed beside the reader
        var (box, confidence) = found![0];
        Assert.InRange(box.X + box.Width / 2, 350, 450);
        Assert.InRange(box.Y + box.Height / 2, 360, 420);
        Assert.InRange(box.Width, 150, 215); // the plate is 180 px wide
        Assert.InRange(confidence, 0.5f, 1.0f);
    }

    [Theory]
    [InlineData("京A12345", PlateColor.Blue, false)]
    [InlineData("粤B3X8C6", PlateColor.Yellow, false)]
    [InlineData("浙C5R7T3", PlateColor.Blue, true)]
    [InlineData("川AF08317", PlateColor.Green, true)]
    public void ProvinceChecker_NamesThePlatesProvinceFromItsBoxAlone(string plate, PlateColor color, bool inAPhoto)
    {
        var image = inAPhoto ? TestImages.PlateScene(plate, color) : TestImages.PlateCrop(plate, color);

        var opinion = Probe.CheckProvince(image);

        Assert.NotNull(opinion); // models/plate-province.onnx is committed beside the reader
        Assert.Equal(plate[0], opinion.Value.Province);
        Assert.InRange(opinion.Value.Confidence, 0.5, 1.0);
    }

    [Theory]
    [InlineData("川AF08317")]
    [InlineData("渝L20767F")]
    public void BoxCutOneCharacterShort_ReadsTheWholeNewEnergyPlateWhenLengthened(string plate)
    {
        // PlateImages draws a 180-pixel plate centred across an 800 x 600 scene, its top at three fifths of the height;
        // an 8-character plate is 478 mm wide and 140 mm tall, and its last character starts 62 mm before the end.
        const int width = 180, sceneWidth = 800, sceneHeight = 600;
        var height = (int)(140 * width / 478.0);
        float left = (sceneWidth - width) / 2, top = Math.Min(sceneHeight - height - 2, sceneHeight * 3 / 5), cut = left + width * 7 / 8f;
        float[] shortBox = [left, top, cut, top, cut, top + height, left, top + height];
        var photo = TestImages.PlateScene(plate, PlateColor.Green);

        var asCut = Probe.ReadLengthenedBox(photo, shortBox, 0.01f);
        var lengthened = Probe.ReadLengthenedBox(photo, shortBox, 0.18f);

        Assert.NotEqual(plate, asCut);
        Assert.Equal(plate, lengthened);
    }

    [Theory]
    [InlineData("云SF09001", PlateColor.Green)]
    [InlineData("青Y7T90J", PlateColor.Blue)]
    [InlineData("粤B3X8C6", PlateColor.Yellow)]
    public void HardShadowAcrossAPlate_IsMeasuredAndLiftedWithoutLosingACharacter(string plate, PlateColor color)
    {
        var crop = TestImages.PlateCrop(plate, color);
        var whole = WholePhoto(crop);

        var (evenText, evenDepth) = Probe.ReadUnshadowedBox(crop, whole);
        var (liftedText, shadowDepth) = Probe.ReadUnshadowedBox(TestImages.InShadow(crop, 0.3), whole);

        Assert.Equal(plate, evenText);
        Assert.InRange(evenDepth, 1.0f, 1.5f);
        Assert.InRange(shadowDepth, 2.5f, 4.5f); // the shadow keeps 0.3 of the light: about 3.3 times darker
        Assert.Equal(plate, liftedText);
    }

    [Fact]
    public void PlateWithoutAColouredBackground_IsNotLifted()
    {
        var crop = TestImages.PlateCrop("京A1234警", PlateColor.White);

        var (text, depth) = Probe.ReadUnshadowedBox(TestImages.InShadow(crop, 0.3), WholePhoto(crop));

        Assert.Null(text);
        Assert.Equal(0f, depth);
    }

    /// <summary>The corners of a whole PNG photo, clockwise from the top left (its size is in the IHDR header).</summary>
    private static float[] WholePhoto(byte[] png)
    {
        float w = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), h = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        return [0, 0, w, 0, w, h, 0, h];
    }

    [Fact]
    public void Finder_MarksNothingInAPhotoWithoutAPlate()
    {
        var found = Probe.FindPlates(TestImages.GreyPng(640, 480));

        Assert.NotNull(found);
        Assert.Empty(found!);
    }

    [Fact]
    public async Task Recognize_PhotoWithoutAPlate_SaysNoPlate()
    {
        var result = await Recognizer.RecognizeAsync(TestImages.GreyPng(640, 480));

        Assert.Equal(RecognitionStatus.NoPlate, result.Status);
        Assert.Null(result.Plate);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    public static TheoryData<string, byte[]> Broken => new()
    {
        { "empty", [] },
        { "text", "just some text, not an image"u8.ToArray() },
        { "random bytes after a JPEG marker", [0xFF, 0xD8, 0xFF, .. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251))] },
        { "PNG signature only", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A] },
        { "JPEG header without data", TestImages.JpegHeaderOnly(640, 480)[..^2] },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task Recognize_BrokenInput_ReturnsNotAnImage(string what, byte[] data)
    {
        var result = await Recognizer.RecognizeAsync(data);

        Assert.True(result.Status == RecognitionStatus.NotAnImage, $"{what}: {result.Status} {result.Reason}");
    }

    [Fact]
    public async Task Recognize_TruncatedPng_ReturnsNotAnImage()
    {
        var png = TestImages.PlateScene("京A12345", PlateColor.Blue);

        foreach (var keep in new[] { 20, 40, png.Length / 3, png.Length / 2, png.Length - 13 })
        {
            var result = await Recognizer.RecognizeAsync(png.AsMemory(0, keep));
            Assert.True(result.Status == RecognitionStatus.NotAnImage, $"first {keep} bytes: {result.Status}");
        }
    }

    [Fact]
    public async Task Recognize_CorruptedPngBody_ReturnsAnErrorWithoutCrashing()
    {
        var png = TestImages.PlateScene("京A12345", PlateColor.Blue);
        var corrupt = png.ToArray();
        for (var i = 60; i < corrupt.Length - 20; i += 97)
        {
            corrupt[i] ^= 0x5A;
        }

        var result = await Recognizer.RecognizeAsync(corrupt);

        Assert.NotEqual(RecognitionStatus.Read, result.Status);
    }

    [Fact]
    public async Task Recognize_FiftyMegapixelPng_IsRefusedQuickly()
    {
        var huge = TestImages.GreyPng(8000, 6250);
        var clock = Stopwatch.StartNew();

        var result = await Recognizer.RecognizeAsync(huge);

        Assert.Equal(RecognitionStatus.TooLarge, result.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Recognize_JpegClaimingFiftyMegapixels_IsRefused()
    {
        var result = await Recognizer.RecognizeAsync(TestImages.JpegHeaderOnly(8000, 6250));

        Assert.Equal(RecognitionStatus.TooLarge, result.Status);
    }

    [Fact]
    public async Task Recognize_FromManyThreadsAtOnce_GivesEveryCallerTheSameAnswer()
    {
        var images = new[]
        {
            (Plate: "京A12345", Image: TestImages.PlateScene("京A12345", PlateColor.Blue)),
            (Plate: "苏AD12345", Image: TestImages.PlateCrop("苏AD12345", PlateColor.Green)),
        };
        var broken = "not an image"u8.ToArray();
        var expected = await Task.WhenAll(images.Select(i => Recognizer.RecognizeAsync(i.Image)));

        var outcomes = new RecognitionResult[64];
        Parallel.For(0, outcomes.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            outcomes[i] = i % 4 == 3 ? Recognizer.Recognize(broken) : Recognizer.Recognize(images[i % 2].Image);
        });

        for (var i = 0; i < outcomes.Length; i++)
        {
            if (i % 4 == 3)
            {
                Assert.Equal(RecognitionStatus.NotAnImage, outcomes[i].Status);
            }
            else
            {
                Assert.Equal(expected[i % 2].Status, outcomes[i].Status);
                Assert.Equal(expected[i % 2].Plate?.Plate, outcomes[i].Plate?.Plate);
                Assert.Equal(expected[i % 2].Plate!.Confidence, outcomes[i].Plate!.Confidence, 5);
            }
        }
    }
}
