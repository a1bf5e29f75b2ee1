using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Platform.Cms.Search;

/// <summary>
/// The bigram fields' analysis: Lucene's <see cref="CJKAnalyzer"/> (standard tokens, width folding, lower case, CJK
/// character pairs, stop words), except that a token's position is its character offset in the text rather than its
/// number. A phrase then says exactly where each pair starts, so (a) it can leave out every other pair of a long
/// word (上甘岭战役: 上甘 and 岭战 at 0 and 2, 战役 at 3, instead of four pairs: fewer positions read per document), and (b)
/// a phrase never matches across punctuation (抗美，美援朝 is not 抗美援朝: with numbered tokens the pairs 抗美 美援 援朝
/// were next to each other there).
/// </summary>
internal sealed class CharacterPositionAnalyzer(LuceneVersion version) : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(version, reader);
        TokenStream stream = new LowerCaseFilter(version, new CJKWidthFilter(source));
        stream = new StopFilter(version, new CJKBigramFilter(stream), CJKAnalyzer.DefaultStopSet);
        return new TokenStreamComponents(source, new OffsetPositions(stream));
    }

    /// <summary>Sets each token's position to its start offset (tokens arrive in offset order).</summary>
    private sealed class OffsetPositions : TokenFilter
    {
        private readonly IOffsetAttribute _offset;
        private readonly IPositionIncrementAttribute _increment;
        private int _position = -1;

        public OffsetPositions(TokenStream input) : base(input)
        {
            _offset = AddAttribute<IOffsetAttribute>();
            _increment = AddAttribute<IPositionIncrementAttribute>();
        }

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken()) return false;
            var start = _offset.StartOffset;
            _increment.PositionIncrement = Math.Max(0, start - _position);
            _position = Math.Max(_position, start);
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            _position = -1;
        }
    }
}

/// <summary>A token of a typed word: its text, its start offset, and whether it is a CJK character pair (bigram fields only).</summary>
internal readonly record struct PairToken(string Text, int Start, bool Pair)
{
    /// <summary>The tokens of <paramref name="text"/> as <paramref name="analyzer"/> indexes them in <paramref name="field"/>.</summary>
    public static List<PairToken> Read(Analyzer analyzer, string field, string text)
    {
        var tokens = new List<PairToken>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) tokens.Add(new PairToken(term.ToString(), offset.StartOffset, type.Type == CJKBigramFilter.DOUBLE_TYPE));
        stream.End();
        return tokens;
    }

    /// <summary>
    /// Which of <paramref name="tokens"/> from <paramref name="first"/> to <paramref name="last"/> a phrase needs. A pair
    /// whose neighbours are pairs starting one character before and after it is implied by them (their characters are
    /// its characters, and two adjacent CJK characters in a text always make a pair), so such a pair is left out when
    /// the one before it is kept; the first and last of a run are always kept, and so is the pair of the word found in
    /// the fewest documents (<paramref name="documents"/>), which leads the phrase's walk through the index: leaving out
    /// a rare pair (队指 in 连队指导员) would make Lucene check every document having the common ones.
    /// </summary>
    public static bool[] Needed(List<PairToken> tokens, int first, int last, Func<string, int> documents)
    {
        var keep = new bool[tokens.Count];
        var inside = new bool[tokens.Count];
        var any = false;
        for (var i = first; i <= last; i++)
        {
            keep[i] = true;
            inside[i] = i > first && i < last && tokens[i].Pair && tokens[i - 1].Pair && tokens[i + 1].Pair
                && tokens[i - 1].Start == tokens[i].Start - 1 && tokens[i + 1].Start == tokens[i].Start + 1;
            any |= inside[i];
        }
        if (!any) return keep; // nothing to leave out: no need to look the pairs up
        var rarest = -1;
        var fewest = int.MaxValue;
        for (var i = first; i <= last; i++)
        {
            if (!tokens[i].Pair) continue;
            var n = documents(tokens[i].Text);
            if (n < fewest) (rarest, fewest) = (i, n);
        }
        for (var i = first + 1; i < last; i++) keep[i] = !(inside[i] && keep[i - 1] && i != rarest);
        return keep;
    }
}
