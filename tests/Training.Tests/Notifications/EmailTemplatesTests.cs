using Microsoft.Extensions.DependencyInjection;
using Training.Notifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

public sealed class EmailTemplatesTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    private EmailTemplates Templates => _app.Services.GetRequiredService<EmailTemplates>();

    [Fact]
    public async Task Markup_in_a_value_arrives_as_text_in_the_HTML_part_and_unchanged_in_the_text_part()
    {
        var email = await Templates.RenderAsync("test-message", "ja", new Dictionary<string, object?>
        {
            ["sender"] = "<script>alert('x')</script>𠮷田",
            ["sent_at"] = "11月26日",
        });

        Assert.DoesNotContain("<script>", email.HtmlBody);
        Assert.Contains("&lt;script&gt;", email.HtmlBody);
        Assert.Contains("<script>alert('x')</script>𠮷田", email.TextBody);
        Assert.Contains("韮崎市", email.HtmlBody);
    }

    [Fact]
    public async Task English_templates_are_used_for_English_speakers_and_Japanese_otherwise()
    {
        var model = new Dictionary<string, object?> { ["sender"] = "x", ["sent_at"] = "y" };

        var english = await Templates.RenderAsync("test-message", "en", model);
        var japanese = await Templates.RenderAsync("test-message", "fr", model);

        Assert.StartsWith("Test message", english.Subject);
        Assert.StartsWith("テストメール", japanese.Subject);
    }

    [Fact]
    public async Task A_missing_template_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => Templates.RenderAsync("no-such-template", "ja", new Dictionary<string, object?>()));

        Assert.Contains("no-such-template", error.Message);
    }
}
