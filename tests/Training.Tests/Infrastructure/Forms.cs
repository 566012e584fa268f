using System.Net;
using System.Text.RegularExpressions;

namespace Training.Tests.Infrastructure;

/// <summary>Posts a form the way a browser does: fetch the page, take its antiforgery token, post the fields.</summary>
public static partial class Forms
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, IDictionary<string, string> fields, string? postUrl = null)
    {
        var page = await client.GetAsync(pageUrl);
        if (page.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {pageUrl} answered {(int)page.StatusCode}");
        var token = StaffSignInClient.AntiforgeryToken(await page.Content.ReadAsStringAsync());
        var content = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(postUrl ?? pageUrl, new FormUrlEncodedContent(content));
    }

    /// <summary>
    /// Submits the page's first form as the browser would, with every field as the page filled it (hidden ones included)
    /// and the given ones typed over.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string pageUrl, IDictionary<string, string> typed, string? postUrl = null)
    {
        var page = await client.GetAsync(pageUrl);
        if (page.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {pageUrl} answered {(int)page.StatusCode}");
        return await SubmitAsync(client, await page.Content.ReadAsStringAsync(), postUrl ?? pageUrl, typed);
    }

    /// <summary>Submits a form of a page already fetched (e.g. the answer to the last post).</summary>
    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string html, string postUrl, IDictionary<string, string> typed)
    {
        var fields = FieldsOf(html);
        foreach (var (name, value) in typed) fields[name] = value;
        return client.PostAsync(postUrl, new FormUrlEncodedContent(fields));
    }

    /// <summary>The values a browser would send for the page's fields (checked boxes and radios, selected options, text areas).</summary>
    public static Dictionary<string, string> FieldsOf(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match input in Input().Matches(html))
        {
            var tag = input.Value;
            if (Attribute(tag, "name") is not { } name) continue;
            var type = Attribute(tag, "type") ?? "text";
            if (type is "submit" or "button") continue;
            if (type is "checkbox" or "radio" && !tag.Contains(" checked")) continue;
            fields[name] = Attribute(tag, "value") ?? (type == "checkbox" ? "on" : "");
        }
        foreach (Match select in Select().Matches(html))
        {
            var options = Option().Matches(select.Groups["options"].Value).Select(o => o.Value).ToList();
            var chosen = options.FirstOrDefault(o => o.Contains(" selected")) ?? options.FirstOrDefault();
            fields[WebUtility.HtmlDecode(select.Groups["name"].Value)] = chosen is null ? "" : Attribute(chosen, "value") ?? "";
        }
        foreach (Match area in TextArea().Matches(html))
            fields[WebUtility.HtmlDecode(area.Groups["name"].Value)] = WebUtility.HtmlDecode(area.Groups["text"].Value).TrimStart('\n');
        return fields;
    }

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex Input();
    [GeneratedRegex("<select\\b[^>]*\\sname=\"(?<name>[^\"]+)\"[^>]*>(?<options>.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex Select();
    [GeneratedRegex("<option\\b[^>]*>")]
    private static partial Regex Option();
    [GeneratedRegex("<textarea\\b[^>]*\\sname=\"(?<name>[^\"]+)\"[^>]*>(?<text>.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextArea();
}
