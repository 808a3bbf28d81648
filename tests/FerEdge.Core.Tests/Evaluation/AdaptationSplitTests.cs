using FerEdge.Core.Emotions;
using FerEdge.Core.Evaluation;

namespace FerEdge.Core.Tests.Evaluation;

public sealed class AdaptationSplitTests
{
    [Fact]
    public void Choose_PeopleWithEnoughImages_NeutralFirstAndTheRestScored()
    {
        string[] people = ["ann", "ann", "ann", "ann", "ann", "bob", "bob", "bob", "cy"];
        Emotion[] labels = [Emotion.Happy, Emotion.Sadness, Emotion.Neutral, Emotion.Happy, Emotion.Neutral, Emotion.Anger, Emotion.Happy, Emotion.Fear, Emotion.Neutral];
        string[] keys = [.. Enumerable.Range(0, people.Length).Select(i => $"img/{i}.jpg")];

        var split = AdaptationSplit.Choose(people, labels, keys, k: 2, minScored: 1);

        Assert.Equal(["ann", "bob"], split.Select(p => p.Name));
        var ann = split[0];
        Assert.Equal(2, ann.Adapt.Count);
        Assert.Equal(Emotion.Neutral, labels[ann.Adapt[0]]);
        Assert.Equal(3, ann.Scored.Count);
        Assert.Equal([0, 1, 2, 3, 4], ann.Adapt.Concat(ann.Scored).Order());
        Assert.Equal(2, split[1].Adapt.Count);
        Assert.Single(split[1].Scored);
        Assert.Equal([5, 6, 7], split[1].Adapt.Concat(split[1].Scored).Order());
    }

    [Fact]
    public void Choose_SameInputInAnotherOrder_SameImagesChosen()
    {
        string[] people = [.. Enumerable.Repeat("ann", 8)];
        Emotion[] labels = [.. Enumerable.Repeat(Emotion.Happy, 8)];
        string[] keys = [.. Enumerable.Range(0, 8).Select(i => $"img/{i}.jpg")];

        var forward = AdaptationSplit.Choose(people, labels, keys, k: 3)[0].Adapt.Select(i => keys[i]).ToArray();
        var reversedKeys = keys.Reverse().ToArray();
        var backward = AdaptationSplit.Choose(people, labels, reversedKeys, k: 3)[0].Adapt.Select(i => reversedKeys[i]).ToArray();

        Assert.Equal(forward, backward);
        Assert.NotEqual(["img/0.jpg", "img/1.jpg", "img/2.jpg"], forward); // not simply the first names
    }

    [Fact]
    public void Choose_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AdaptationSplit.Choose(["a"], [Emotion.Happy], ["k"], k: 0));
        Assert.Throws<ArgumentException>(() => AdaptationSplit.Choose(["a", "b"], [Emotion.Happy], ["k"], k: 1));
        Assert.Empty(AdaptationSplit.Choose(["a", "a"], [Emotion.Happy, Emotion.Happy], ["k1", "k2"], k: 1));
    }
}
