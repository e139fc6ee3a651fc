/* eval_expr: expressions with Velocity 1.7 semantics: MathUtils arithmetic
 * (integer widening on overflow, null on division by zero), `==` by value or by
 * toString(), ordering only between numbers, and #if truthiness. */
#include "eval/eval.h"
#include "vval/vval_print.h"
#include <math.h>
#include <string.h>

/* ================================================================ references */

ev_status eval_ref(eval_state *ev, const ast_node *ref, vval *out)
{
    vval cur = ev->vars[ref->slot];
    for (size_t i = 0; i < ref->nkids; i++) {
        if (vval_is_null(cur))
            break;
        const ast_node *s = ref->kids[i];
        mres r = M_OK;
        vval next = vval_null();
        if (s->kind == AST_PROP) {
            r = method_property(ev, cur, s->str, s->len, &next, s);
        } else if (s->kind == AST_METHOD) {
            vval argbuf[8];
            vval *args = s->nkids <= 8 ? argbuf : arena_alloc(ev->ar, s->nkids * sizeof *args);
            for (size_t k = 0; k < s->nkids; k++) {
                ev_status st = eval_expr(ev, s->kids[k], &args[k]);
                if (st)
                    return st;
            }
            r = method_call(ev, cur, s->str, s->len, args, s->nkids, &next, s);
        } else {
            vval idx;
            ev_status st = eval_expr(ev, s->kids[0], &idx);
            if (st)
                return st;
            r = method_index(ev, cur, idx, &next, s);
        }
        if (r == M_ERROR)
            return EV_ERROR;
        cur = r == M_OK ? next : vval_null();
    }
    *out = cur;
    return EV_OK;
}

/* ================================================================ arithmetic */

static vval_kind wider(vval_kind a, vval_kind b)
{
    return a > b ? a : b;
}

/* Checked 128-bit arithmetic; false on overflow. */
static bool i128_op(ast_kind op, __int128 x, __int128 y, __int128 *r)
{
    switch (op) {
    case AST_ADD: return !__builtin_add_overflow(x, y, r);
    case AST_SUB: return !__builtin_sub_overflow(x, y, r);
    case AST_MUL: return !__builtin_mul_overflow(x, y, r);
    case AST_DIV: *r = x / y; return true;
    case AST_MOD: *r = x % y; return true;
    default: return false;
    }
}

static bool is_zero(vval v)
{
    return v.kind == VVAL_DOUBLE ? v.u.d == 0 : vval_as_i128(v) == 0;
}

/* Source text of an operand for string concatenation with null. */
static void operand_text(eval_state *ev, const ast_node *n, strbuf *sb)
{
    if (n->kind == AST_REF)
        strbuf_append(sb, n->lit_text, n->lit_len);
    else
        strbuf_puts(sb, "null");
    (void)ev;
}

static ev_status concat(eval_state *ev, const ast_node *n, vval a, vval b, vval *out)
{
    strbuf sb = STRBUF_INIT;
    ev_status st = EV_OK;
    vval sides[2] = {a, b};
    for (int i = 0; i < 2 && !st; i++) {
        if (vval_is_null(sides[i])) {
            operand_text(ev, n->kids[i], &sb);
        } else {
            vstr *s;
            st = eval_to_string(ev, sides[i], &s);
            if (!st)
                strbuf_append(&sb, s->data, s->len);
        }
    }
    *out = vval_str(ev->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return st;
}

/* Both operands of a binary node, left to right. */
static ev_status operands(eval_state *ev, const ast_node *n, vval *a, vval *b)
{
    ev_status st = eval_expr(ev, n->kids[0], a);
    return st ? st : eval_expr(ev, n->kids[1], b);
}

static ev_status arith(eval_state *ev, const ast_node *n, vval *out)
{
    vval a, b;
    ev_status st = operands(ev, n, &a, &b);
    if (st)
        return st;
    *out = vval_null();
    if (n->kind == AST_ADD && (a.kind == VVAL_STRING || b.kind == VVAL_STRING))
        return concat(ev, n, a, b, out);
    if (!vval_is_number(a) || !vval_is_number(b))
        return EV_OK;  /* null or not a number: the result is null, no error */
    if ((n->kind == AST_DIV || n->kind == AST_MOD) && is_zero(b))
        return EV_OK;  /* division by zero: null */
    if (a.kind == VVAL_DOUBLE || b.kind == VVAL_DOUBLE) {
        double x = vval_as_double(a), y = vval_as_double(b), r = 0;
        switch (n->kind) {
        case AST_ADD: r = x + y; break;
        case AST_SUB: r = x - y; break;
        case AST_MUL: r = x * y; break;
        case AST_DIV: r = x / y; break;
        case AST_MOD: r = fmod(x, y); break;
        default: break;
        }
        *out = vval_double(r);
        return EV_OK;
    }
    __int128 r;
    if (!i128_op(n->kind, vval_as_i128(a), vval_as_i128(b), &r))
        return EV_OK;  /* beyond 128 bits: no value */
    *out = vval_integral_kind(ev->ar, r, wider(a.kind, b.kind));
    return EV_OK;
}

/* ================================================================ comparison */

bool eval_equals(eval_state *ev, vval a, vval b)
{
    if (vval_is_null(a) || vval_is_null(b))
        return vval_is_null(a) && vval_is_null(b);
    if (vval_is_number(a) && vval_is_number(b))
        return vval_num_cmp(a, b) == 0;
    if (a.kind == b.kind && a.kind != VVAL_OBJECT)
        return vval_java_equals(a, b);
    /* Different classes: compare their toString() forms. */
    vstr *x, *y;
    if (eval_to_string(ev, a, &x) || eval_to_string(ev, b, &y))
        return false;
    return x->len == y->len && memcmp(x->data, y->data, x->len) == 0;
}

static ev_status compare(eval_state *ev, const ast_node *n, bool *out)
{
    vval a, b;
    ev_status st = operands(ev, n, &a, &b);
    if (st)
        return st;
    switch (n->kind) {
    case AST_EQ: *out = eval_equals(ev, a, b); return EV_OK;
    case AST_NE: *out = !eval_equals(ev, a, b); return EV_OK;
    default: break;
    }
    if (!vval_is_number(a) || !vval_is_number(b)) {
        *out = false;  /* Velocity orders numbers only */
        return EV_OK;
    }
    int c = vval_num_cmp(a, b);
    if (a.kind == VVAL_DOUBLE || b.kind == VVAL_DOUBLE) {
        double x = vval_as_double(a), y = vval_as_double(b);
        if (isnan(x) || isnan(y)) {
            *out = false;
            return EV_OK;
        }
    }
    switch (n->kind) {
    case AST_LT: *out = c < 0; break;
    case AST_LE: *out = c <= 0; break;
    case AST_GT: *out = c > 0; break;
    case AST_GE: *out = c >= 0; break;
    default: *out = false;
    }
    return EV_OK;
}

/* ================================================================ truthiness */

ev_status eval_cond(eval_state *ev, const ast_node *n, bool *out)
{
    switch (n->kind) {
    case AST_REF: {
        vval v;
        ev_status st = eval_ref(ev, n, &v);
        *out = !vval_is_null(v) && !(v.kind == VVAL_BOOL && !v.u.b);
        return st;
    }
    case AST_TRUE: *out = true; return EV_OK;
    case AST_OR:
    case AST_AND: {
        bool l;
        ev_status st = eval_cond(ev, n->kids[0], &l);
        if (st)
            return st;
        if (n->kind == AST_OR ? l : !l) {
            *out = l;
            return EV_OK;
        }
        return eval_cond(ev, n->kids[1], out);
    }
    case AST_NOT: {
        ev_status st = eval_cond(ev, n->kids[0], out);
        *out = !*out;
        return st;
    }
    case AST_EQ: case AST_NE: case AST_LT: case AST_LE: case AST_GT: case AST_GE:
        return compare(ev, n, out);
    default: {
        /* Literals and arithmetic have no truth value in Velocity 1.7, but their
         * evaluation still happens (side effects, errors). */
        vval ignored;
        *out = false;
        return eval_expr(ev, n, &ignored);
    }
    }
}

/* ================================================================ values */

static ev_status eval_list(eval_state *ev, const ast_node *n, vval *out)
{
    vval l = vval_list_new(ev->ar, n->nkids);
    for (size_t i = 0; i < n->nkids; i++) {
        vval v;
        ev_status st = eval_expr(ev, n->kids[i], &v);
        if (st)
            return st;
        vlist_push(l.u.l, v);
    }
    *out = l;
    return EV_OK;
}

static ev_status eval_map(eval_state *ev, const ast_node *n, vval *out)
{
    vval m = vval_map_new(ev->ar);
    for (size_t i = 0; i + 1 < n->nkids; i += 2) {
        vval k, v;
        ev_status st = eval_expr(ev, n->kids[i], &k);
        if (!st)
            st = eval_expr(ev, n->kids[i + 1], &v);
        if (st)
            return st;
        vmap_put(m.u.m, k, v, NULL);
    }
    *out = m;
    return EV_OK;
}

static ev_status eval_range(eval_state *ev, const ast_node *n, vval *out)
{
    vval lo, hi;
    ev_status st = operands(ev, n, &lo, &hi);
    if (st)
        return st;
    *out = vval_null();
    if (!vval_is_number(lo) || !vval_is_number(hi))
        return EV_OK;
    int32_t a = vval_java_int(lo), b = vval_java_int(hi);   /* Velocity takes intValue() */
    int64_t len = (a <= b ? (int64_t)b - a : (int64_t)a - b) + 1;
    if (len > 10 * 1000 * 1000)
        return eval_fail(ev, n->span, "range [%d..%d] is too large", a, b);
    vval l = vval_list_new(ev->ar, (size_t)len);
    int step = a <= b ? 1 : -1;
    for (int64_t i = 0; i < len; i++)
        vlist_push(l.u.l, vval_int((int32_t)(a + step * i)));
    *out = l;
    return EV_OK;
}

static ev_status eval_istring(eval_state *ev, const ast_node *n, vval *out)
{
    if (!n->nkids) {
        *out = vval_cstr(ev->ar, "");
        return EV_OK;
    }
    strbuf tmp = STRBUF_INIT, *saved = ev->out;
    ev->out = &tmp;
    ev_status st = eval_block(ev, n->kids[0]);
    ev->out = saved;
    *out = vval_str(ev->ar, strbuf_cstr(&tmp), tmp.len);
    strbuf_free(&tmp);
    return st;
}

ev_status eval_expr(eval_state *ev, const ast_node *n, vval *out)
{
    if (++ev->depth > ev->opt->max_depth) {
        ev->depth--;
        return eval_fail(ev, n->span, "expression nested deeper than %d levels", ev->opt->max_depth);
    }
    ev_status st = EV_OK;
    bool b;
    switch (n->kind) {
    case AST_LITERAL: *out = n->lit; break;
    case AST_ISTRING: st = eval_istring(ev, n, out); break;
    case AST_TRUE: *out = vval_bool(true); break;
    case AST_FALSE: *out = vval_bool(false); break;
    case AST_NULL: *out = vval_null(); break;
    case AST_REF: st = eval_ref(ev, n, out); break;
    case AST_LIST: st = eval_list(ev, n, out); break;
    case AST_MAP: st = eval_map(ev, n, out); break;
    case AST_RANGE: st = eval_range(ev, n, out); break;
    case AST_ADD: case AST_SUB: case AST_MUL: case AST_DIV: case AST_MOD:
        st = arith(ev, n, out);
        break;
    case AST_OR: case AST_AND: case AST_NOT:
    case AST_EQ: case AST_NE: case AST_LT: case AST_LE: case AST_GT: case AST_GE:
        st = eval_cond(ev, n, &b);
        *out = vval_bool(b);
        break;
    default:
        st = eval_fail(ev, n->span, "cannot evaluate a %s as a value", ast_kind_name(n->kind));
    }
    ev->depth--;
    return st;
}
