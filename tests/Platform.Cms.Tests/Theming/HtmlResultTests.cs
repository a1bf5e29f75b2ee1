using System.Text;
using Microsoft.AspNetCore.Http;
using Platform.Cms.Theming;

namespace Platform.Cms.Tests.Theming;

/// <summary>A rendered page goes out as UTF-8 straight from the renderer's buffer, with the right length.</summary>
public sealed class HtmlResultTests
{
    [Fact]
    public async Task A_page_whose_buffer_splits_a_character_between_chunks_is_written_whole_with_its_length()
    {
        // A small first chunk: the emoji's surrogate pair lands across the chunk boundary, as in a long page.
        var html = new StringBuilder(16);
        html.Append("<p>军休干部口述历史");
        html.Append("😀");
        for (var i = 0; i < 200; i++) html.Append("长津湖的冬天，𠀀字也在。");
        var chunks = 0;
        foreach (var _ in html.GetChunks()) chunks++;
        Assert.True(chunks > 1);
        var expected = Encoding.UTF8.GetBytes(html.ToString());

        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await new HtmlResult(html, StatusCodes.Status404NotFound).ExecuteAsync(context);

        Assert.Equal(expected, body.ToArray());
        Assert.Equal(expected.Length, context.Response.ContentLength);
        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", context.Response.ContentType);
    }

    [Fact]
    public async Task Without_a_status_the_one_a_caller_set_is_kept()
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        context.Response.StatusCode = StatusCodes.Status409Conflict;
        await new HtmlResult(new StringBuilder("<p>已有申请</p>"), null).ExecuteAsync(context);
        Assert.Equal(StatusCodes.Status409Conflict, context.Response.StatusCode);
        Assert.Equal("<p>已有申请</p>", Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task A_pooled_page_goes_back_to_its_pool_once_written_and_is_never_written_twice()
    {
        var pool = new CountingPool();
        var html = new StringBuilder("<p>长津湖的冬天</p>");
        var result = new HtmlResult(html, null, pool);
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        Assert.Equal("<p>长津湖的冬天</p>", Encoding.UTF8.GetString(body.ToArray()));
        Assert.Equal([html], pool.Returned);
        await Assert.ThrowsAsync<InvalidOperationException>(() => result.ExecuteAsync(new DefaultHttpContext()));
        Assert.Single(pool.Returned);
    }

    private sealed class CountingPool : Microsoft.Extensions.ObjectPool.ObjectPool<StringBuilder>
    {
        public List<StringBuilder> Returned { get; } = [];

        public override StringBuilder Get() => new();

        public override void Return(StringBuilder obj) => Returned.Add(obj);
    }
}
