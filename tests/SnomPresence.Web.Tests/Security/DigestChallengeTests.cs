using System.Security.Cryptography;
using System.Text;
using SnomPresence.Presence;
using SnomPresence.Web.Phone.Push;

namespace SnomPresence.Web.Tests.Security;

public class DigestChallengeTests
{
    private static readonly PhoneWebLogin Login = new("admin", "pa\"ss,word");

    [Fact]
    public void Answer_QopAuth_IsTheRfc7616ResponseForTheRequest()
    {
        var challenge = DigestChallenge.TryParse("realm=\"snom, desk\", nonce=\"abc,def\", qop=\"auth,auth-int\", opaque=\"xyz\"")!;

        var fields = Fields(challenge.Answer("GET", "/dummy.htm?settings=save&dnd_mode=on", Login).Parameter!);

        Assert.Equal("snom, desk", fields["realm"]);
        Assert.Equal("abc,def", fields["nonce"]);
        Assert.Equal("xyz", fields["opaque"]);
        Assert.Equal("auth", fields["qop"]);
        var ha1 = Md5($"admin:snom, desk:{Login.Password}");
        var ha2 = Md5("GET:/dummy.htm?settings=save&dnd_mode=on");
        Assert.Equal(Md5($"{ha1}:abc,def:{fields["nc"]}:{fields["cnonce"]}:auth:{ha2}"), fields["response"]);
    }

    [Fact]
    public void Answer_WithoutQop_IsTheRfc2069Response()
    {
        var challenge = DigestChallenge.TryParse("realm=snom, nonce=n1")!;

        var fields = Fields(challenge.Answer("GET", "/x", Login).Parameter!);

        Assert.False(fields.ContainsKey("qop"));
        Assert.Equal(Md5($"{Md5($"admin:snom:{Login.Password}")}:n1:{Md5("GET:/x")}"), fields["response"]);
    }

    [Theory]
    [InlineData("nonce=\"n\"")]
    [InlineData("realm=\"r\"")]
    [InlineData("realm=\"r\", nonce=\"n\", algorithm=SHA-512-256")]
    [InlineData("realm=\"r\", nonce=\"n\", qop=\"auth-int\"")]
    [InlineData("")]
    public void TryParse_ChallengeItCannotAnswer_IsNull(string parameter) => Assert.Null(DigestChallenge.TryParse(parameter));

    [Fact]
    public void Strength_Sha256_RanksAboveMd5() =>
        Assert.True(DigestChallenge.TryParse("realm=r, nonce=n, algorithm=SHA-256")!.Strength > DigestChallenge.TryParse("realm=r, nonce=n")!.Strength);

    private static string Md5(string text) =>
#pragma warning disable CA5351
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    /// <summary>The answer's fields, quoted values unescaped.</summary>
    private static Dictionary<string, string> Fields(string parameter)
    {
        var fields = new Dictionary<string, string>();
        var i = 0;
        while (i < parameter.Length)
        {
            while (i < parameter.Length && parameter[i] is ' ' or ',')
            {
                i++;
            }

            var equals = parameter.IndexOf('=', i);
            var name = parameter[i..equals];
            i = equals + 1;
            var value = new StringBuilder();
            if (parameter[i] == '"')
            {
                for (i++; parameter[i] != '"'; i++)
                {
                    if (parameter[i] == '\\')
                    {
                        i++;
                    }

                    value.Append(parameter[i]);
                }

                i++;
            }
            else
            {
                while (i < parameter.Length && parameter[i] != ',')
                {
                    value.Append(parameter[i++]);
                }
            }

            fields[name] = value.ToString();
        }

        return fields;
    }
}
