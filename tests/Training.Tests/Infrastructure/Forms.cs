using System.Net;

namespace Training.Tests.Infrastructure;

/// <summary>Posts a form the way a browser does: fetch the page, take its antiforgery token, post the fields.</summary>
public static class Forms
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, IDictionary<string, string> fields, string? postUrl = null)
    {
        var page = await client.GetAsync(pageUrl);
        if (page.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {pageUrl} answered {(int)page.StatusCode}");
        var token = StaffSignInClient.AntiforgeryToken(await page.Content.ReadAsStringAsync());
        var content = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(postUrl ?? pageUrl, new FormUrlEncodedContent(content));
    }
}
