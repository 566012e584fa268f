using Training.Audit;

namespace Training.Tests.Audit;

/// <summary>
/// The log's one length rule: a target label over 200 characters or details over 2000 are cut once, to the column's
/// length, and end with "…" so a reader knows there was more; shorter text is kept as it was.
/// </summary>
public class AuditLengthTests
{
    [Fact]
    public void Details_over_the_limit_are_cut_to_it_with_one_mark_at_the_end()
    {
        var details = new string('あ', 3000);

        var cut = AuditLog.Cut(details, AuditLog.DetailsLength);

        Assert.Equal(2000, cut.Length);
        Assert.Equal(new string('あ', 1999) + "…", cut);
    }

    [Fact]
    public void A_label_over_the_limit_is_cut_to_it_with_one_mark_at_the_end()
    {
        var cut = AuditLog.Cut(new string('a', 201), AuditLog.LabelLength);

        Assert.Equal(200, cut.Length);
        Assert.EndsWith("a…", cut);
        Assert.Single(cut, '…');
    }

    [Theory]
    [InlineData(0)]
    [InlineData(199)]
    [InlineData(200)]
    public void Text_that_fits_is_kept_as_it_was(int length)
    {
        var label = new string('a', length);

        Assert.Same(label, AuditLog.Cut(label, AuditLog.LabelLength));
    }

    [Fact]
    public void Cut_text_is_not_cut_again()
    {
        var once = AuditLog.Cut(new string('a', 500), AuditLog.LabelLength);

        Assert.Equal(once, AuditLog.Cut(once, AuditLog.LabelLength));
    }

    [Fact]
    public void A_character_outside_the_basic_plane_is_never_cut_in_half()
    {
        // 198 letters, then 𠮷 (two UTF-16 units) across the place where the mark goes.
        var label = new string('a', 198) + "𠮷𠮷";

        var cut = AuditLog.Cut(label, AuditLog.LabelLength);

        Assert.Equal(new string('a', 198) + "…", cut);
    }
}
