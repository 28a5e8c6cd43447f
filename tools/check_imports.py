"""The library's layers point down: fail on an import cycle among snr_diffusion's modules (imports inside functions
included), on `cli` imported by any module, on `studies` imported by anything but `cli`, and on a private name
(`_name`) imported from another module.

Usage: python tools/check_imports.py [--graph]     (--graph: print each module and what it imports)
"""
import ast, sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[1]/'snr_diffusion'
SKIP = {'_modidx', '__init__'}

def imports(path):
    "(module imported, names imported from it) for every import of a sibling module in `path`, at any depth."
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ''
            if node.level == 1: base = mod
            elif mod == 'snr_diffusion': base = ''
            elif mod.startswith('snr_diffusion.'): base = mod[len('snr_diffusion.'):]
            else: continue
            if base: out.append((base.split('.')[0], [a.name for a in node.names]))
            else: out += [(a.name, []) for a in node.names]        # from snr_diffusion import x / from . import x
        elif isinstance(node, ast.Import):
            out += [(a.name.split('.')[1], []) for a in node.names if a.name.startswith('snr_diffusion.')]
    return out

def main():
    mods = {p.stem: p for p in sorted(PKG.glob('*.py')) if p.stem not in SKIP}
    graph, errors = {}, []
    for m, p in mods.items():
        deps = imports(p)
        graph[m] = sorted({d for d, _ in deps if d in mods and d != m})
        for d, names in deps:
            if d == 'cli' and m != 'cli': errors.append(f'{m} imports cli: the command line sits on top, nothing may import it')
            if d == 'studies' and m not in ('cli', 'studies'): errors.append(f'{m} imports studies: only the command line may (the API must not depend on the studies)')
            errors += [f'{m} imports the private name {n} from {d}: make it public in the lowest module that needs it' for n in names if n.startswith('_')]
    state, stack = {}, []
    def visit(m):                                                   # depth-first search; a grey node on the stack closes a cycle
        state[m] = 'grey'; stack.append(m)
        for d in graph[m]:
            if state.get(d) == 'grey': errors.append('import cycle: ' + ' -> '.join(stack[stack.index(d):] + [d]))
            elif d not in state: visit(d)
        state[m] = 'black'; stack.pop()
    for m in graph:
        if m not in state: visit(m)
    if '--graph' in sys.argv:
        for m, ds in graph.items(): print(f'{m:10s} imports {", ".join(ds) or "-"}')
    for e in errors: print('FAIL:', e)
    print(f'{len(graph)} modules, {sum(map(len, graph.values()))} imports between them: ' + ('ok' if not errors else f'{len(errors)} problem(s)'))
    return 1 if errors else 0

if __name__ == '__main__': sys.exit(main())
