/* vtl_lexer.re: the VTL scanner (re2c). One scanning function per mode; the
 * mode stack lives in struct lexer (src/vtl/lex.h). Whitespace rules follow
 * Velocity 1.7: a directive's closing ')' and #else/#end swallow trailing
 * blanks plus one newline; #set swallows the blanks before it when it starts a
 * token. */
#include "vtl/lex.h"
#include "base/hex.h"
#include "vtl_parser.h"
#include <string.h>

/*!re2c
    re2c:api:style = free-form;
    re2c:define:YYCTYPE = "unsigned char";
    re2c:define:YYCURSOR = "lx->cur";
    re2c:define:YYMARKER = "lx->mar";
    re2c:define:YYLIMIT = "lx->lim";
    re2c:yyfill:enable = 0;
    re2c:eof = 0;

    idstart = [a-zA-Z_];
    idchar = [a-zA-Z0-9_-];
    word = [a-zA-Z_] [a-zA-Z0-9_]*;
    nl = "\r\n" | "\n" | "\r";
    blank = [ \t];
    digit = [0-9];
    exp = [eE] [+-]? digit+;
*/

#define TOP(lx) (&(lx)->stack[(lx)->sp])

void lex_init(lexer *lx, const char *src, size_t len, size_t base, arena *ar)
{
    /* Only the bottom frame is initialised: the stack is large and frames are
     * written as they are pushed. */
    lx->tok = lx->mar = NULL;
    lx->pending_escapes = 0;
    lx->overflow = false;
    lx->src = (const unsigned char *)src;
    lx->cur = lx->src;
    lx->lim = lx->src + len;
    lx->base = base;
    lx->ar = ar;
    lx->sp = 0;
    lx->stack[0].mode = LEX_TEXT;
    lx->stack[0].kind = FRAME_TEXT;
    lx->stack[0].formal = false;
    lx->stack[0].depth = 0;
}

static void push(lexer *lx, int mode, int kind, bool formal)
{
    if (lx->sp + 1 >= LEX_MAX_DEPTH) {
        lx->overflow = true;
        return;
    }
    lex_frame *f = &lx->stack[++lx->sp];
    f->mode = (unsigned char)mode;
    f->kind = (unsigned char)kind;
    f->formal = formal;
    f->depth = 0;
}

static void pop(lexer *lx)
{
    if (lx->sp > 0)
        lx->sp--;
}

static int emit(lexer *lx, lex_token *t, int kind, const unsigned char *from, const unsigned char *to)
{
    t->kind = kind;
    t->span.start = (size_t)(from - lx->src) + lx->base;
    t->span.end = (size_t)(to - lx->src) + lx->base;
    if (!t->text) {
        t->text = (const char *)from;
        t->len = (uint32_t)(to - from);
    }
    return kind;
}

/* After a directive's ')' or #else/#end: swallow blanks and one newline, but
 * only when the newline follows directly. */
static void gobble_line_end(lexer *lx)
{
    const unsigned char *p = lx->cur;
    while (p < lx->lim && (*p == ' ' || *p == '\t'))
        p++;
    if (p < lx->lim && *p == '\n') {
        lx->cur = p + 1;
    } else if (p < lx->lim && *p == '\r') {
        lx->cur = p + 1 + (p + 1 < lx->lim && p[1] == '\n');
    }
}

/* Identifier characters after the first: letters, digits, '_' and '-'. */
static const unsigned char ident_char[256] = {
    ['-'] = 1, ['_'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
    ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,
    ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
};

static const unsigned char *scan_ident(const lexer *lx, const unsigned char *p)
{
    /* the NUL sentinel at lx->lim is not an identifier character */
    (void)lx;
    while (ident_char[*p])
        p++;
    return p;
}

static bool dot_name_at(const lexer *lx, const unsigned char *p)
{
    return p + 1 < lx->lim && *p == '.' && ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z'));
}

/* The reference whose `$` is at `dollar`: its flags (`$!` quiet, `${`
 * formal), its name, and the end of the plain `.property` links folded into
 * it (a method call stops the fold). NULL when no identifier follows. */
static const unsigned char *ref_chain(const lexer *lx, const unsigned char *dollar, int *flags,
                                      const unsigned char **name)
{
    const unsigned char *p = dollar + 1;
    *flags = 0;
    *name = p;
    if (*p == '!') {
        *flags |= LEXF_QUIET;
        p++;
    }
    if (*p == '{') {
        *flags |= LEXF_FORMAL;
        p++;
    }
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_'))
        return NULL;
    *name = p;
    p = scan_ident(lx, p);
    while (dot_name_at(lx, p)) {
        const unsigned char *q = scan_ident(lx, p + 1);
        if (q < lx->lim && *q == '(')
            break;  /* a method call: REF mode takes it from here */
        p = q;
    }
    return p;
}

/* A reference start `$`, `$!`, `${`, `$!{` followed by an identifier (the
 * rule guarantees one). Plain `.property` links are folded into the token
 * (most references are such chains); when nothing can follow, the whole
 * reference is one REF_SIMPLE token; a method call after the chain makes it
 * one REF_CALL token up to the call's '(' (REF mode, then the arguments);
 * otherwise REF_BEGIN enters REF mode for an index. */
static int ref_begin(lexer *lx, lex_token *t, const unsigned char *dollar)
{
    int flags;
    const unsigned char *name;
    const unsigned char *p = ref_chain(lx, dollar, &flags, &name);
    t->text = (const char *)name;
    t->len = (uint32_t)(p - name);
    t->flags = (uint16_t)flags;
    t->escapes = (uint16_t)(lx->pending_escapes > 65535 ? 65535 : lx->pending_escapes);
    lx->pending_escapes = 0;
    if (dot_name_at(lx, p)) {
        /* the fold stopped at a method call: `$a.b.m(` is one REF_CALL token
         * (REF_BEGIN and METHOD in one), its text running to the method's name */
        const unsigned char *m = scan_ident(lx, p + 1);
        t->len = (uint32_t)(m - name);
        lx->cur = m + 1;
        push(lx, LEX_REF, FRAME_REF, flags & LEXF_FORMAL);
        push(lx, LEX_EXPR, FRAME_CALL, false);
        return emit(lx, t, TOK_REF_CALL, dollar, lx->cur);
    }
    bool more = p < lx->lim && *p == '[';
    if (!more && !(flags & LEXF_FORMAL)) {
        lx->cur = p;
        return emit(lx, t, TOK_REF_SIMPLE, dollar, p);
    }
    if (!more && p < lx->lim && *p == '}') {
        lx->cur = p + 1;
        return emit(lx, t, TOK_REF_SIMPLE, dollar, p + 1);
    }
    lx->cur = p;
    push(lx, LEX_REF, FRAME_REF, flags & LEXF_FORMAL);
    return emit(lx, t, TOK_REF_BEGIN, dollar, p);
}

/* Is there a reference start at p? */
static bool ref_start_at(const lexer *lx, const unsigned char *p)
{
    if (p >= lx->lim || *p != '$')
        return false;
    p++;
    if (p < lx->lim && *p == '!')
        p++;
    if (p < lx->lim && *p == '{')
        p++;
    return p < lx->lim && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_');
}

static const char *const directive_words[] = {
    "set", "if", "elseif", "else", "end", "foreach", "break", "stop", "define", "macro",
    "evaluate", "include", "parse", "literal", "return", NULL,
};

/* Length of a directive keyword (`#if`, `#{if}`) at p, or 0. */
static size_t directive_at(const lexer *lx, const unsigned char *p)
{
    if (p >= lx->lim || *p != '#')
        return 0;
    const unsigned char *q = p + 1;
    bool braced = q < lx->lim && *q == '{';
    if (braced)
        q++;
    const unsigned char *w = q;
    while (q < lx->lim && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
                           (*q >= '0' && *q <= '9') || *q == '_'))
        q++;
    size_t wl = (size_t)(q - w);
    for (int i = 0; directive_words[i]; i++) {
        if (strlen(directive_words[i]) == wl && memcmp(directive_words[i], w, wl) == 0) {
            if (braced) {
                if (q < lx->lim && *q == '}')
                    return (size_t)(q + 1 - p);
                return 0;
            }
            return (size_t)(q - p);
        }
    }
    return 0;
}

/* A run of backslashes at tok (already consumed up to lx->cur). */
static int backslashes(lexer *lx, lex_token *t)
{
    const unsigned char *start = lx->tok;
    size_t n = (size_t)(lx->cur - start);
    if (ref_start_at(lx, lx->cur)) {
        /* Escapes before a reference depend on whether it is defined at render
         * time; hand the count to the reference. */
        lx->pending_escapes = (int)n;
        return -1;
    }
    size_t dl = directive_at(lx, lx->cur);
    if (dl) {
        /* \\#if -> \ then the directive; \#if -> the text #if */
        size_t keep = n / 2;
        size_t extra = (n % 2) ? dl : 0;
        char *buf = arena_alloc(lx->ar, keep + extra + 1);
        memset(buf, '\\', keep);
        memcpy(buf + keep, lx->cur, extra);
        buf[keep + extra] = '\0';
        lx->cur += extra;
        t->text = buf;
        t->len = keep + extra;
        if (t->len == 0)
            return -1;
        return emit(lx, t, TOK_TEXT, start, lx->cur);
    }
    return emit(lx, t, TOK_TEXT, start, lx->cur);
}

/* #* ... *# and #[[ ... ]]#: find the terminator; unterminated runs to the end. */
static const unsigned char *find_terminator(const lexer *lx, const char *term)
{
    size_t tl = strlen(term);
    for (const unsigned char *p = lx->cur; p + tl <= lx->lim; p++)
        if (memcmp(p, term, tl) == 0)
            return p;
    return NULL;
}

static int directive(lexer *lx, lex_token *t, int kind)
{
    push(lx, LEX_EXPR, FRAME_DIRECTIVE, false);
    return emit(lx, t, kind, lx->tok, lx->cur);
}

/* `#set(` followed by a plain target and `=` (`#set( $x =`, `$!{a.b} =`):
 * one SET_TARGET token whose text is the target, as REF_SIMPLE would carry
 * it, and the value follows. Anything else (indexes, method calls, escapes,
 * comments) is left to SET and the parser. */
static int set_target(lexer *lx, lex_token *t)
{
    const unsigned char *p = lx->cur;
    while (p < lx->lim && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    int flags;
    const unsigned char *name, *end;
    if (p >= lx->lim || *p != '$' || !(end = ref_chain(lx, p, &flags, &name)))
        return 0;
    const unsigned char *q = end;
    if ((flags & LEXF_FORMAL) && *q++ != '}')
        return 0;
    /* a call, an index or a further link leaves no '=' here: the parser's business */
    while (q < lx->lim && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
        q++;
    if (q >= lx->lim || *q != '=' || q[1] == '=')
        return 0;
    push(lx, LEX_EXPR, FRAME_DIRECTIVE, false);
    t->text = (const char *)name;
    t->len = (uint32_t)(end - name);
    t->flags = (uint16_t)flags;
    lx->cur = q + 1;
    return emit(lx, t, TOK_SET_TARGET, lx->tok, lx->cur);
}

static int unsupported(lexer *lx, lex_token *t)
{
    const unsigned char *w = lx->tok + 1;
    if (*w == '{')
        w++;
    const unsigned char *e = w;
    while (e < lx->cur && ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z')))
        e++;
    t->text = (const char *)w;
    t->len = (size_t)(e - w);
    return emit(lx, t, TOK_UNSUPPORTED, lx->tok, lx->cur);
}

/* Bytes of template text: where a token other than text may start ('$', '#',
 * '\\', NUL), blanks (a `#set` may take the blanks before it), and the rest. */
enum { TEXT_PLAIN, TEXT_SPECIAL, TEXT_BLANK };
static const unsigned char text_byte[256] = {
    ['$'] = TEXT_SPECIAL, ['#'] = TEXT_SPECIAL, ['\\'] = TEXT_SPECIAL, [0] = TEXT_SPECIAL,
    [' '] = TEXT_BLANK, ['\t'] = TEXT_BLANK,
};

static int lex_text(lexer *lx, lex_token *t)
{
    for (;;) {
        lx->tok = lx->cur;
        if (text_byte[*lx->cur] == TEXT_PLAIN) {
            /* text that starts with neither a blank nor a special byte is all
             * the TEXT rule below can match: the run up to the next special
             * byte (blanks included). Scanned here without the automaton. */
            const unsigned char *p = lx->cur + 1;
            while (text_byte[*p] != TEXT_SPECIAL)
                p++;
            lx->cur = p;
            return emit(lx, t, TOK_TEXT, lx->tok, lx->cur);
        }
    /*!re2c
        $ { return emit(lx, t, TOK_YYEOF, lx->tok, lx->tok); }

        "##" [^\n\x00]* ("\n" | "") {
            /* line comment: text and newline vanish */
            if (lx->cur < lx->lim && *lx->cur == '\0' && lx->cur[-1] != '\n') {
                /* a NUL inside the comment line: keep skipping to the newline */
                while (lx->cur < lx->lim && *lx->cur != '\n')
                    lx->cur++;
                if (lx->cur < lx->lim)
                    lx->cur++;
            }
            continue;
        }
        "#*" {
            const unsigned char *e = find_terminator(lx, "*#");
            lx->cur = e ? e + 2 : lx->lim;
            continue;
        }
        "#[[" {
            const unsigned char *e = find_terminator(lx, "]]#");
            const unsigned char *body = lx->cur;
            lx->cur = e ? e + 3 : lx->lim;
            t->text = (const char *)body;
            t->len = (size_t)((e ? e : lx->lim) - body);
            return emit(lx, t, TOK_TEXT, lx->tok, lx->cur);
        }

        blank* "#" ("set" | "{set}") " "* "(" {
            int k = set_target(lx, t);
            return k ? k : directive(lx, t, TOK_SET);
        }
        "#" ("if" | "{if}") [ \t\r\n]* "(" { return directive(lx, t, TOK_IF); }
        "#" ("elseif" | "{elseif}") [ \t\r\n]* "(" { return directive(lx, t, TOK_ELSEIF); }
        "#" ("foreach" | "{foreach}") [ \t\r\n]* "(" { return directive(lx, t, TOK_FOREACH); }
        "#" ("define" | "{define}") [ \t\r\n]* "(" { return directive(lx, t, TOK_DEFINE); }
        "#" ("break" | "{break}") blank* "(" { return directive(lx, t, TOK_BREAK_ARGS); }
        "#" ("return" | "{return}") blank* "(" { return directive(lx, t, TOK_RETURN_ARGS); }
        "#" ("else" | "{else}") (blank* nl)? { return emit(lx, t, TOK_ELSE, lx->tok, lx->cur); }
        "#" ("end" | "{end}") (blank* nl)? { return emit(lx, t, TOK_END, lx->tok, lx->cur); }
        "#" ("break" | "{break}") { return emit(lx, t, TOK_BREAK, lx->tok, lx->cur); }
        "#" ("stop" | "{stop}") { return emit(lx, t, TOK_STOP, lx->tok, lx->cur); }
        "#" ("return" | "{return}") { return emit(lx, t, TOK_RETURN, lx->tok, lx->cur); }
        "#" ("if" | "{if}" | "elseif" | "{elseif}" | "foreach" | "{foreach}") {
            t->text = "a directive needs '(' after its name";
            t->len = strlen(t->text);
            return emit(lx, t, TOK_LEXERR, lx->tok, lx->cur);
        }
        "#" "{"? ("macro" | "evaluate" | "include" | "parse" | "literal") "}"? {
            return unsupported(lx, t);
        }
        "#" "{"? word "}"? { return emit(lx, t, TOK_TEXT, lx->tok, lx->cur); }

        "$" "!"? "{"? idstart { return ref_begin(lx, t, lx->tok); }
        "$!" {
            /* `$!` not followed by a name: Velocity prints the `$` alone. */
            t->text = "$";
            t->len = 1;
            return emit(lx, t, TOK_TEXT, lx->tok, lx->cur);
        }

        "\\"+ {
            int k = backslashes(lx, t);
            if (k < 0)
                continue;
            return k;
        }

        [^$#\\\x00]+ { return emit(lx, t, TOK_TEXT, lx->tok, lx->cur); }
        * { return emit(lx, t, TOK_TEXT, lx->tok, lx->cur); }
    */
    }
}

/* The text of a string literal with doubled quotes collapsed and \uXXXX decoded. */
static void string_value(lexer *lx, lex_token *t, const unsigned char *from, const unsigned char *to, char q)
{
    char *buf = arena_alloc(lx->ar, (size_t)(to - from) + 1);
    size_t n = 0;
    for (const unsigned char *p = from; p < to; p++) {
        if (*p == (unsigned char)q && p + 1 < to && p[1] == (unsigned char)q) {
            buf[n++] = q;
            p++;
            continue;
        }
        if (*p == '\\' && p + 5 < to + 0 + 1 && p + 1 < to && p[1] == 'u' && to - p >= 6) {
            unsigned v = 0;
            int ok = 1;
            for (int i = 2; i < 6; i++) {
                unsigned char c = p[i];
                int h = hex_value(c);
                if (h < 0) {
                    ok = 0;
                    break;
                }
                v = v * 16 + (unsigned)h;
            }
            if (ok && v < 0x800 && v >= 0x80) {
                buf[n++] = (char)(0xC0 | (v >> 6));
                buf[n++] = (char)(0x80 | (v & 0x3F));
                p += 5;
                continue;
            }
            if (ok && v < 0x80) {
                buf[n++] = (char)v;
                p += 5;
                continue;
            }
            if (ok) {
                buf[n++] = (char)(0xE0 | (v >> 12));
                buf[n++] = (char)(0x80 | ((v >> 6) & 0x3F));
                buf[n++] = (char)(0x80 | (v & 0x3F));
                p += 5;
                continue;
            }
        }
        buf[n++] = (char)*p;
    }
    buf[n] = '\0';
    t->text = buf;
    t->len = n;
}

/* 1 for the bytes string_literal must look at: quotes, '$', '#', '\\', NUL. */
static const unsigned char string_byte[256] = {
    ['"'] = 1, ['\''] = 1, ['$'] = 1, ['#'] = 1, ['\\'] = 1, [0] = 1,
};

static int string_literal(lexer *lx, lex_token *t, char q)
{
    /* One pass finds the closing quote and notes what the body holds. */
    const unsigned char *p = lx->tok + 1;
    bool interp = false, plain = true;
    for (;;) {
        while (!string_byte[*p])   /* bytes that need no look (NUL stops at the end) */
            p++;
        if (p >= lx->lim) {
            t->text = "unterminated string literal";
            t->len = strlen(t->text);
            lx->cur = lx->lim;
            return emit(lx, t, TOK_LEXERR, lx->tok, lx->tok + 1);
        }
        unsigned char c = *p;
        if (c == (unsigned char)q) {
            if (p + 1 < lx->lim && p[1] == (unsigned char)q) {
                plain = false;   /* a doubled quote */
                p += 2;
                continue;
            }
            break;
        }
        if (c == '$' || c == '#')
            interp = true;
        else if (c == '\\')
            plain = false;       /* maybe a \uXXXX escape */
        p++;
    }
    lx->cur = p + 1;
    const unsigned char *body = lx->tok + 1;
    interp = interp && q == '"';
    if (plain && !interp) {
        /* the value is the body itself (a nested parse needs a NUL-ended copy) */
        t->text = (const char *)body;
        t->len = (size_t)(p - body);
    } else {
        string_value(lx, t, body, p, q);
    }
    return emit(lx, t, interp ? TOK_ISTRING : TOK_STRING, lx->tok, lx->cur);
}

static int keyword(lexer *lx, lex_token *t)
{
    static const struct { const char *w; int tok; } kw[] = {
        {"true", TOK_TRUE}, {"false", TOK_FALSE}, {"null", TOK_NULL}, {"in", TOK_IN},
        {"and", TOK_AND}, {"or", TOK_OR}, {"not", TOK_NOT}, {"eq", TOK_EQ}, {"ne", TOK_NE},
        {"lt", TOK_LT}, {"le", TOK_LE}, {"gt", TOK_GT}, {"ge", TOK_GE},
    };
    size_t n = (size_t)(lx->cur - lx->tok);
    for (size_t i = 0; i < sizeof kw / sizeof *kw; i++)
        if (strlen(kw[i].w) == n && memcmp(kw[i].w, lx->tok, n) == 0)
            return emit(lx, t, kw[i].tok, lx->tok, lx->cur);
    t->text = "a bare word is not a value here (strings need quotes, variables need '$')";
    t->len = strlen(t->text);
    return emit(lx, t, TOK_LEXERR, lx->tok, lx->cur);
}

/* ')' or ']' that may close the current frame. */
static int closer(lexer *lx, lex_token *t, char c)
{
    lex_frame *f = TOP(lx);
    bool mine = (c == ')' && (f->kind == FRAME_DIRECTIVE || f->kind == FRAME_CALL)) ||
                (c == ']' && f->kind == FRAME_INDEX);
    if (mine && f->depth == 0) {
        int kind = f->kind == FRAME_DIRECTIVE ? TOK_DIR_CLOSE
                 : f->kind == FRAME_CALL ? TOK_CALL_CLOSE : TOK_INDEX_CLOSE;
        const unsigned char *end = lx->cur;
        pop(lx);
        if (kind == TOK_DIR_CLOSE)
            gobble_line_end(lx);
        return emit(lx, t, kind, lx->tok, end);
    }
    if (mine)
        f->depth--;
    return emit(lx, t, c == ')' ? TOK_RPAREN : TOK_RBRACKET, lx->tok, lx->cur);
}

static int opener(lexer *lx, lex_token *t, char c)
{
    lex_frame *f = TOP(lx);
    if ((c == '(' && (f->kind == FRAME_DIRECTIVE || f->kind == FRAME_CALL)) ||
        (c == '[' && f->kind == FRAME_INDEX))
        f->depth++;
    return emit(lx, t, c == '(' ? TOK_LPAREN : TOK_LBRACKET, lx->tok, lx->cur);
}

static int lex_expr(lexer *lx, lex_token *t)
{
    for (;;) {
        lx->tok = lx->cur;
    /*!re2c
        $ { return emit(lx, t, TOK_YYEOF, lx->tok, lx->tok); }
        [ \t\r\n]+ { continue; }
        "##" [^\n\x00]* { continue; }

        "(" { return opener(lx, t, '('); }
        "[" { return opener(lx, t, '['); }
        ")" { return closer(lx, t, ')'); }
        "]" { return closer(lx, t, ']'); }
        "{" { return emit(lx, t, TOK_LBRACE, lx->tok, lx->cur); }
        "}" { return emit(lx, t, TOK_RBRACE, lx->tok, lx->cur); }
        "," { return emit(lx, t, TOK_COMMA, lx->tok, lx->cur); }
        ":" { return emit(lx, t, TOK_COLON, lx->tok, lx->cur); }
        ".." { return emit(lx, t, TOK_DOTDOT, lx->tok, lx->cur); }
        "=" { return emit(lx, t, TOK_ASSIGN, lx->tok, lx->cur); }
        "==" { return emit(lx, t, TOK_EQ, lx->tok, lx->cur); }
        "!=" { return emit(lx, t, TOK_NE, lx->tok, lx->cur); }
        "<" { return emit(lx, t, TOK_LT, lx->tok, lx->cur); }
        "<=" { return emit(lx, t, TOK_LE, lx->tok, lx->cur); }
        ">" { return emit(lx, t, TOK_GT, lx->tok, lx->cur); }
        ">=" { return emit(lx, t, TOK_GE, lx->tok, lx->cur); }
        "&&" { return emit(lx, t, TOK_AND, lx->tok, lx->cur); }
        "||" { return emit(lx, t, TOK_OR, lx->tok, lx->cur); }
        "!" { return emit(lx, t, TOK_NOT, lx->tok, lx->cur); }
        "+" { return emit(lx, t, TOK_PLUS, lx->tok, lx->cur); }
        "-" { return emit(lx, t, TOK_MINUS, lx->tok, lx->cur); }
        "*" { return emit(lx, t, TOK_STAR, lx->tok, lx->cur); }
        "/" { return emit(lx, t, TOK_SLASH, lx->tok, lx->cur); }
        "%" { return emit(lx, t, TOK_PERCENT, lx->tok, lx->cur); }

        "-"? digit+ { return emit(lx, t, TOK_INT, lx->tok, lx->cur); }
        "-"? digit+ "." digit* exp? | "-"? digit+ exp | "-"? "." digit+ exp? {
            /* `1..3` is a range, not the float `1.` */
            if (lx->cur[-1] == '.' && lx->cur < lx->lim && *lx->cur == '.') {
                lx->cur--;
                return emit(lx, t, TOK_INT, lx->tok, lx->cur);
            }
            return emit(lx, t, TOK_FLOAT, lx->tok, lx->cur);
        }
        ["] { return string_literal(lx, t, '"'); }
        ['] { return string_literal(lx, t, '\''); }

        "$" "!"? "{"? idstart { return ref_begin(lx, t, lx->tok); }
        word { return keyword(lx, t); }

        "." [_0-9] {
            t->text = "a property name must start with a letter: write .get(\"_name\") or [\"_name\"]";
            t->len = strlen(t->text);
            return emit(lx, t, TOK_LEXERR, lx->tok, lx->cur);
        }
        * {
            t->text = "unexpected character";
            t->len = strlen(t->text);
            return emit(lx, t, TOK_LEXERR, lx->tok, lx->cur);
        }
    */
    }
}

int lex_next(lexer *lx, lex_token *t);

/* The reference ended at `start`: a plain one just ends (its frame is popped
 * and the text after it is scanned in the enclosing mode); a formal one
 * lacks its '}'. */
static int ref_end(lexer *lx, lex_token *t, const unsigned char *start)
{
    lx->cur = start;
    bool formal = TOP(lx)->formal;
    pop(lx);
    if (formal) {
        t->text = "expected '}' to close the ${...} reference";
        t->len = strlen(t->text);
        return emit(lx, t, TOK_LEXERR, start, start);
    }
    return lex_next(lx, t);
}

static int lex_ref(lexer *lx, lex_token *t)
{
    lx->tok = lx->cur;
    const unsigned char *start = lx->cur;
    /*!re2c
        "." [a-zA-Z] idchar* "(" {
            t->text = (const char *)start + 1;
            t->len = (size_t)(lx->cur - start) - 2;
            push(lx, LEX_EXPR, FRAME_CALL, false);
            return emit(lx, t, TOK_METHOD, start, lx->cur);
        }
        "." [a-zA-Z] idchar* {
            t->text = (const char *)start + 1;
            t->len = (size_t)(lx->cur - start) - 1;
            return emit(lx, t, TOK_PROP, start, lx->cur);
        }
        "[" {
            push(lx, LEX_EXPR, FRAME_INDEX, false);
            return emit(lx, t, TOK_INDEX_OPEN, start, lx->cur);
        }
        "}" {
            if (TOP(lx)->formal) {
                pop(lx);
                return emit(lx, t, TOK_REF_END, start, lx->cur);
            }
            return ref_end(lx, t, start);
        }
        $ { return ref_end(lx, t, start); }
        * { return ref_end(lx, t, start); }
    */
}

void lex_save(const lexer *lx, lex_mark *m)
{
    m->cur = lx->cur;
    m->sp = lx->sp;
    m->pending_escapes = lx->pending_escapes;
    memcpy(m->stack, lx->stack, (size_t)(lx->sp + 1) * sizeof *lx->stack);
}

void lex_restore(lexer *lx, const lex_mark *m)
{
    lx->cur = m->cur;
    lx->sp = m->sp;
    lx->pending_escapes = m->pending_escapes;
    lx->overflow = false;
    memcpy(lx->stack, m->stack, (size_t)(m->sp + 1) * sizeof *lx->stack);
}

int lex_next(lexer *lx, lex_token *t)
{
    t->text = NULL;
    t->len = 0;
    t->flags = 0;
    t->escapes = 0;
    if (lx->overflow)
        return emit(lx, t, TOK_YYEOF, lx->cur, lx->cur);
    switch (TOP(lx)->mode) {
    case LEX_EXPR: return lex_expr(lx, t);
    case LEX_REF: return lex_ref(lx, t);
    default: return lex_text(lx, t);
    }
}
