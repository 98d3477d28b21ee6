using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Recognition;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Recognition;

/// <summary>
/// The reader runs the recheck's ten views of a box as one batch (decision 058: ONNX Runtime, the models' batch named
/// instead of fixed at one). A view must read the same in the batch as alone, or a batch would open a gate that a single
/// read would not: on gate photos of plates-dev-toll read where they lie, and on a rendered scene where that set is absent.
/// </summary>
public sealed class BatchedReadTests(BatchedReadTests.Engine engine) : IClassFixture<BatchedReadTests.Engine>
{
    public sealed class Engine : IDisposable
    {
        public RecognitionProbe Probe { get; } = new();

        public void Dispose() => Probe.Dispose();
    }

    private static readonly string? TollPhotos = OpenCvPlateRecognizer.RepositoryFile("../shared/data/plates-dev-toll/labels.csv") is { } labels
        ? Path.Combine(Path.GetDirectoryName(labels)!, "images")
        : null;

    public static TheoryData<string, string> Photos()
    {
        // A blue and a yellow plate at 650 × 580 and a yellow one at 1600 × 1200, as the gate cameras took them.
        var photos = new TheoryData<string, string> { { "rendered scene", "京A12345" } };
        if (TollPhotos is not null)
        {
            photos.Add("toll_001.jpg", "川QEZ982");
            photos.Add("toll_002.jpg", "沪A85J08");
            photos.Add("toll_004.jpg", "沪B74992");
        }

        return photos;
    }

    [Theory]
    [MemberData(nameof(Photos))]
    public void RecheckViewsReadAsOneBatch_ReadAsEachViewAlone(string photo, string plate)
    {
        var image = photo == "rendered scene" ? TestImages.PlateScene(plate, PlateColor.Blue) : File.ReadAllBytes(Path.Combine(TollPhotos!, photo));

        var batch = engine.Probe.ReadRecheckViews(image, oneAtATime: false);
        var alone = engine.Probe.ReadRecheckViews(image, oneAtATime: true);

        Assert.Equal(10, batch.Count);
        Assert.Equal(alone.Select(r => r.Text), batch.Select(r => r.Text));
        Assert.All(batch.Zip(alone), pair => Assert.Equal(pair.Second.Confidence, pair.First.Confidence, 4));
        Assert.True(batch.Count(r => r.Text == plate) >= 8, $"{photo}: {string.Join(", ", batch)}");
    }
}
