using System.Text;

namespace Training.Notifications.Channels;

/// <summary>
/// The one rule for a number SMS may be sent to: a Japanese mobile number, 070/080/090 and eight digits, also written
/// +81 70…, with hyphens, spaces and full-width digits accepted; kept and sent as E.164 (+8190…).
/// Anything else is refused with the reason (Japanese; the site's resources hold the English).
/// </summary>
public static class JapaneseMobileNumber
{
    public static class Messages
    {
        public const string Missing = "携帯電話の番号を入力してください。";
        public const string NotDigits = "携帯電話の番号は数字で入力してください（ハイフンや空白は入れても構いません）。";
        public const string NotMobile = "SMSは 070・080・090 で始まる11桁の携帯電話の番号にだけ送れます。";

        public static IEnumerable<string> All => typeof(Messages).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
    }

    /// <summary>The number in E.164 form (+81…), or null with the reason it cannot take SMS.</summary>
    public static string? Normalise(string? input, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            problem = Messages.Missing;
            return null;
        }
        // NFKC turns full-width digits, plus and hyphen into ASCII; the other dashes people type are taken out below.
        var text = input.Normalize(NormalizationForm.FormKC);
        var digits = new StringBuilder();
        var international = false;
        foreach (var c in text.Trim())
        {
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (c == '+' && digits.Length == 0 && !international) international = true;
            else if (char.IsWhiteSpace(c) || c is '-' or '‐' or '‑' or '‒' or '–' or '—' or '−' or 'ー' or '(' or ')') continue;
            else
            {
                problem = Messages.NotDigits;
                return null;
            }
        }
        var national = digits.ToString();
        if (international)
        {
            // +81 90…, +81 (0)90… as some write it.
            if (!national.StartsWith("81", StringComparison.Ordinal))
            {
                problem = Messages.NotMobile;
                return null;
            }
            national = national[2..];
            if (!national.StartsWith('0')) national = "0" + national;
        }
        if (national.Length != 11 || !(national.StartsWith("070") || national.StartsWith("080") || national.StartsWith("090")))
        {
            problem = Messages.NotMobile;
            return null;
        }
        return "+81" + national[1..];
    }
}
