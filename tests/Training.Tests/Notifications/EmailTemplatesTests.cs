using Microsoft.Extensions.DependencyInjection;
using Training.Notifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

public sealed class EmailTemplatesTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;

    private EmailTemplates Templates => _app.Services.GetRequiredService<EmailTemplates>();

    [Fact]
    public async Task Markup_in_a_value_arrives_as_text_in_the_HTML_part_and_unchanged_in_the_text_part()
    {
        var email = await Templates.RenderAsync("test-message", "ja", new TestEmail("<script>alert('x')</script>𠮷田", "11月26日"));

        Assert.DoesNotContain("<script>", email.HtmlBody);
        Assert.Contains("&lt;script&gt;", email.HtmlBody);
        Assert.Contains("<script>alert('x')</script>𠮷田", email.TextBody);
        Assert.Contains("韮崎市", email.HtmlBody);
    }

    [Fact]
    public async Task English_templates_are_used_for_English_speakers_and_Japanese_otherwise()
    {
        var model = new TestEmail("x", "y");

        var english = await Templates.RenderAsync("test-message", "en", model);
        var japanese = await Templates.RenderAsync("test-message", "fr", model);

        Assert.StartsWith("Test message", english.Subject);
        Assert.StartsWith("テストメール", japanese.Subject);
    }

    [Fact]
    public async Task A_missing_template_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => Templates.RenderAsync("no-such-template", "ja", new TestEmail("x", "y")));

        Assert.Contains("no-such-template", error.Message);
    }

    [Theory]
    [InlineData("ja")]
    [InlineData("en")]
    public void Every_value_a_template_names_is_a_property_of_its_typed_model(string language)
    {
        var directory = Path.Combine(RepositoryPaths.Root, "templates", "email", language);
        var problems = new List<string>();
        foreach (var (template, model) in EmailModels.ByTemplate)
        {
            var names = Properties(model);
            var text = string.Join("\n", Directory.EnumerateFiles(directory, template + ".*.liquid").Select(File.ReadAllText));
            Assert.False(string.IsNullOrEmpty(text), $"{template} has no {language} files");
            // Loop variables (s in sessions) name a property of the list's element type.
            var loops = System.Text.RegularExpressions.Regex.Matches(text, @"\{%-?\s*for\s+(\w+)\s+in\s+(\w+)")
                .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.First().Groups[2].Value);
            foreach (System.Text.RegularExpressions.Match use in System.Text.RegularExpressions.Regex.Matches(text, @"(?:\{\{-?|\{%-?\s*(?:if|unless|elsif|for \w+ in))\s*([a-z_]+)(?:\.([a-z_]+))?"))
            {
                var (root, member) = (use.Groups[1].Value, use.Groups[2].Value);
                if (root is "site" or "forloop") continue;
                if (loops.TryGetValue(root, out var list))
                {
                    var element = model.GetProperty(Pascal(list))!.PropertyType.GetGenericArguments()[0];
                    if (member.Length > 0 && member != "size" && !Properties(element).Contains(member)) problems.Add($"{template}: {root}.{member}");
                }
                else if (!names.Contains(root)) problems.Add($"{template}: {root}");
            }
        }
        Assert.Empty(problems);
    }

    private static HashSet<string> Properties(Type type) =>
        type.GetProperties().Select(p => System.Text.RegularExpressions.Regex.Replace(p.Name, "(?<!^)([A-Z])", "_$1").ToLowerInvariant()).ToHashSet();

    private static string Pascal(string snake) => string.Concat(snake.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
