namespace SnomPresence.Presence.Tests;

public class ForwardingNumberPolicyTests
{
    private static readonly ForwardingNumberPolicy German = new(ForwardingNumberPolicy.GermanPremiumAndService, [], "49");

    [Theory]
    [InlineData("09001234567", false)]
    [InlineData("+499001234567", false)]
    [InlineData("00499001234567", false)]
    [InlineData("01371234567", false)]
    [InlineData("01805123456", false)]
    [InlineData("11833", false)]
    [InlineData("+4917012345678", true)]
    [InlineData("017012345678", true)]
    [InlineData("0301234567", true)]
    [InlineData("+4390012345", true)]
    public void German_Default_BlocksPremiumAndServiceNumbersInEveryForm(string number, bool permitted)
    {
        Assert.Equal(permitted, German.Permits(number, out var reason));
        Assert.Equal(permitted, reason.Length == 0);
    }

    [Theory]
    [InlineData("+4930123456", true)]
    [InlineData("030123456", true)]
    [InlineData("+4412345678", false)]
    [InlineData("004412345678", false)]
    public void AllowedPrefixes_OnlyNumbersInTheOwnCountry(string number, bool permitted)
    {
        var policy = new ForwardingNumberPolicy([], ["+49"], "49");

        Assert.Equal(permitted, policy.Permits(number, out var reason));
        Assert.Contains(permitted ? string.Empty : "Forwarding:AllowedPrefixes", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_PermitsEverything() => Assert.True(ForwardingNumberPolicy.Open.Permits("09001234567", out _));
}
