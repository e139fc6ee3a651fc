/* ddb_lexer.re: the scanner for DynamoDB expressions (re2c). Names are
 * [A-Za-z][A-Za-z0-9_]*; #name and :value placeholders take [A-Za-z0-9_]+
 * after the sigil; digits appear only as list indexes. Keywords are matched
 * case-insensitively and only in the mode that has them. Any other byte (or
 * a whole UTF-8 sequence) is an invalid token, which the parser reports as a
 * syntax error. */
#include "ddb/ddb_lex.h"
#include "ddb_parser.h"
#include <string.h>
#include <strings.h>

/*!re2c
    re2c:api:style = free-form;
    re2c:define:YYCTYPE = "unsigned char";
    re2c:define:YYCURSOR = "lx->cur";
    re2c:define:YYMARKER = "lx->mar";
    re2c:define:YYLIMIT = "lx->lim";
    re2c:yyfill:enable = 0;
    re2c:eof = 0;

    name = [a-zA-Z] [a-zA-Z0-9_]*;
    tail = [a-zA-Z0-9_]+;
    utf8 = [\xc0-\xdf] [\x80-\xbf] | [\xe0-\xef] [\x80-\xbf]{2} | [\xf0-\xf7] [\x80-\xbf]{3};
*/

void ddb_lex_init(ddb_lexer *lx, const char *src, size_t len, ddb_lex_mode mode)
{
    lx->src = (const unsigned char *)src;
    lx->cur = lx->src;
    lx->lim = lx->src + len;
    lx->mar = lx->tok = lx->src;
    lx->mode = mode;
}

static int emit(ddb_lexer *lx, ddb_tok *t, int kind)
{
    t->text = (const char *)lx->tok;
    t->len = (size_t)(lx->cur - lx->tok);
    t->span.start = (size_t)(lx->tok - lx->src);
    t->span.end = (size_t)(lx->cur - lx->src);
    return kind;
}

static const struct {
    const char *word;
    ddb_lex_mode mode;
    int kind;
} keywords[] = {
    {"AND", DDB_LEX_CONDITION, TOK_AND},
    {"OR", DDB_LEX_CONDITION, TOK_OR},
    {"NOT", DDB_LEX_CONDITION, TOK_NOT},
    {"BETWEEN", DDB_LEX_CONDITION, TOK_BETWEEN},
    {"IN", DDB_LEX_CONDITION, TOK_IN},
    {"SET", DDB_LEX_UPDATE, TOK_SET},
    {"REMOVE", DDB_LEX_UPDATE, TOK_REMOVE},
    {"ADD", DDB_LEX_UPDATE, TOK_ADD},
    {"DELETE", DDB_LEX_UPDATE, TOK_DELETE},
};

/* A name, or the keyword it spells in the current mode. */
static int word(ddb_lexer *lx, ddb_tok *t)
{
    size_t n = (size_t)(lx->cur - lx->tok);
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        if (keywords[i].mode == lx->mode && strlen(keywords[i].word) == n &&
            strncasecmp(keywords[i].word, (const char *)lx->tok, n) == 0)
            return emit(lx, t, keywords[i].kind);
    }
    return emit(lx, t, TOK_NAME);
}

int ddb_lex_next(ddb_lexer *lx, ddb_tok *t)
{
    for (;;) {
        lx->tok = lx->cur;
        /*!re2c
            [ \t\r\n]+  { continue; }
            name        { return word(lx, t); }
            "#" tail    { return emit(lx, t, TOK_NAMEREF); }
            ":" tail    { return emit(lx, t, TOK_VALREF); }
            [0-9]+      { return emit(lx, t, TOK_INT); }
            "="         { return emit(lx, t, TOK_EQ); }
            "<>"        { return emit(lx, t, TOK_NE); }
            "<"         { return emit(lx, t, TOK_LT); }
            "<="        { return emit(lx, t, TOK_LE); }
            ">"         { return emit(lx, t, TOK_GT); }
            ">="        { return emit(lx, t, TOK_GE); }
            "("         { return emit(lx, t, TOK_LPAREN); }
            ")"         { return emit(lx, t, TOK_RPAREN); }
            "["         { return emit(lx, t, TOK_LBRACKET); }
            "]"         { return emit(lx, t, TOK_RBRACKET); }
            ","         { return emit(lx, t, TOK_COMMA); }
            "."         { return emit(lx, t, TOK_DOT); }
            "+"         { return emit(lx, t, TOK_PLUS); }
            "-"         { return emit(lx, t, TOK_MINUS); }
            utf8        { return emit(lx, t, TOK_LEXERR); }
            $           { return emit(lx, t, TOK_YYEOF); }
            *           { return emit(lx, t, TOK_LEXERR); }
        */
    }
}
