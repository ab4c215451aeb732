"""Every bad input is one clear error: a table-driven sweep of the `microlit` commands (issue 15).

Each case runs `microlit.cli.main(argv)` in-process and asserts exit status 2, exactly one stderr line
`microlit COMMAND: error: ...` that names the file / field / option, no traceback, and no new or changed file under
the case's folder (where every output path of the case points). A few cases also run as real subprocesses.
The fixtures (a micro corpus, a tiny trained model, a segmenter checkpoint) are built once per session and shared
by pytest-xdist workers. `python tests/bad_inputs_summary.py` prints the sweep's counts.
"""
import json, os, re, shutil, sqlite3, stat, subprocess, sys, traceback
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest

os.environ.setdefault('HF_HUB_OFFLINE', '1')

# Areas whose fixes have not landed yet; their cases (OPEN below) run, and must fail (strict xfail) until they land.
WAITING = {}


# ------------------------------------------------------------------------------------------------- fixtures
def build_fixtures(root):
    "The shared inputs of the sweep, built into `root` (≈ 1 min on 2 cores): returns a dict of paths."
    import torch
    torch.set_num_threads(1)
    from microlit.synth import make_corpus
    from microlit.train import train
    from microlit.segment import build_model
    root = Path(root)
    corpus = make_corpus(root / 'corpus', scale=0.03, n_jobs=1, progress=False, overwrite=True)
    train(corpus, root / 'run', max_steps=2, vae_steps=5, base_steps=5, batch_size=2, resolution=32, progress=False)
    build_model('vgg16', weights=None).save_pretrained(root / 'seg')
    for sub, src in (('few', corpus / 'micrographs'), ('masks', corpus / 'labels' / 'particles')):
        (root / sub).mkdir()
        for p in sorted(src.glob('*.png'))[:3]: shutil.copy(p, root / sub / p.name)
    (root / 'done').write_text('ok')
    return env_of(root)


def env_of(root):
    root = Path(root)
    return dict(root=root, corpus=root / 'corpus', model=root / 'run' / 'model', base=root / 'run' / 'base',
                seg=root / 'seg', few=root / 'few', masks=root / 'masks')


@pytest.fixture(scope='session')
def env(tmp_path_factory):
    "Fixtures built once per session; pytest-xdist workers share one build (a file lock)."
    from filelock import FileLock
    base = tmp_path_factory.getbasetemp()
    if os.environ.get('PYTEST_XDIST_WORKER'): base = base.parent
    root = base / 'bad_inputs_fixtures'
    with FileLock(str(root) + '.lock'):
        if (root / 'done').exists(): return env_of(root)
        shutil.rmtree(root, ignore_errors=True)
        return build_fixtures(root)


# ------------------------------------------------------------------------------------------------- bad files
def metadata_rows(env):
    import pandas as pd
    return pd.read_csv(env['corpus'] / 'metadata.csv')


def write_table(w, env, edit, name='metadata.csv', images=True):
    "A copy of the corpus (metadata CSV edited by `edit`, images linked) in `w/db`; returns the folder."
    d = w / 'db'; d.mkdir()
    df = edit(metadata_rows(env))
    df.to_csv(d / name, index=False)
    if images: (d / 'micrographs').symlink_to(env['corpus'] / 'micrographs')
    return d


def header_only(w, env): write_table(w, env, lambda df: df.iloc[:0])
def missing_column(w, env): write_table(w, env, lambda df: df.drop(columns='cool_method'))
def text_temperature(w, env): write_table(w, env, lambda df: df.assign(anneal_temperature=df.anneal_temperature.astype(object).where(df.index != 1, 'hot')))
def duplicate_id(w, env): write_table(w, env, lambda df: df.assign(micrograph_id=df.micrograph_id.where(df.index != 2, df.micrograph_id[1])))
def table_only(w, env): write_table(w, env, lambda df: df, images=False)


def not_sqlite(w, env):
    d = w / 'db'; d.mkdir()
    (d / 'microstructures.sqlite').write_text('micrograph_id,path\n1,a.png\n')


def empty_sqlite(w, env):
    d = w / 'db'; d.mkdir()
    sqlite3.connect(d / 'microstructures.sqlite').close()


def a_file(w, env): (w / 'file').write_text('not a folder')


def read_only(w, env):
    (w / 'ro').mkdir(); os.chmod(w / 'ro', 0o555)


def not_a_corpus(w, env):
    (w / 'mine').mkdir(); (w / 'mine' / 'thesis.tex').write_text('precious')


def masks_like(w, env, name, fn):
    import numpy as np
    from PIL import Image
    d = w / name; d.mkdir()
    for p in sorted(env['masks'].glob('*.png')):
        Image.fromarray(fn(np.array(Image.open(p)))).save(d / p.name)


def zero_masks(w, env): masks_like(w, env, 'zeros', lambda a: (a * 0).astype('uint8'))
def small_masks(w, env): masks_like(w, env, 'small', lambda a: a[:32, :32].astype('uint8'))
def photo_masks(w, env):
    d = w / 'photos'; shutil.copytree(env['few'], d)


def seg_copy(w, env, config=None, weights=None):
    "A segmenter folder in `w/seg`: its config.json replaced by `config`, model.safetensors by `weights` (else linked)."
    d = w / 'seg'; d.mkdir()
    cfg = json.loads((env['seg'] / 'config.json').read_text())
    (d / 'config.json').write_text(config(cfg) if config else json.dumps(cfg))
    if weights is None: (d / 'model.safetensors').symlink_to(env['seg'] / 'model.safetensors')
    else: (d / 'model.safetensors').write_bytes(weights)


def seg_corrupt(w, env): seg_copy(w, env, weights=b'\x00garbage, not safetensors' * 10)
def seg_truncated(w, env): seg_copy(w, env, weights=(env['seg'] / 'model.safetensors').read_bytes()[:4096])
def seg_bad_json(w, env): seg_copy(w, env, config=lambda c: '{"encoder": "vgg16", ')
def seg_other_encoder(w, env): seg_copy(w, env, config=lambda c: json.dumps(dict(c, encoder='vgg19')))
def seg_unknown_encoder(w, env): seg_copy(w, env, config=lambda c: json.dumps(dict(c, encoder='resnet18')))


def images_with_bad_one(w, env):
    d = w / 'imgs'; shutil.copytree(env['few'], d)
    (d / 'zz_broken.png').write_bytes(b'\x89PNG\r\n\x1a\n but cut here')


def model_copy(w, env):
    "A copy of the trained model in `w/model`, its base pointer made absolute; returns the folder."
    d = w / 'model'; shutil.copytree(env['model'], d)
    (d / 'base.json').write_text(json.dumps(dict(pretrained=str(env['base']))))
    return d


def lora_corrupt(w, env): (model_copy(w, env) / 'pytorch_lora_weights.safetensors').write_bytes(b'garbage' * 100)
def conditioner_corrupt(w, env): (model_copy(w, env) / 'conditioner' / 'conditioner.safetensors').write_bytes(b'garbage' * 100)
def base_json_bad(w, env): (model_copy(w, env) / 'base.json').write_text('{"pretrained": ')
def base_gone(w, env):  # the model folder moved, and its base neither beside it nor where it was
    (model_copy(w, env) / 'base.json').write_text(json.dumps(dict(pretrained='../base', absolute=str(w / 'gone' / 'base'),
                                                                  kind='folder')))


def conditions_csv(rows):
    def setup(w, env):
        (w / 'conditions.csv').write_text(rows)
    return setup


def a_generated_set(temp='970', break_it=None):
    "A set as `microlit generate` writes it into w/gen (two black 32-px images of one condition), optionally broken."
    def setup(w, env):
        import numpy as np
        from microlit.generate import save_generated
        save_generated(np.zeros((2, 32, 32), np.uint8), dict(GOOD, temp=float(temp), time=180.0, mag=1964.0), w / 'gen')
        side = next((w / 'gen').glob('*.json'))
        if break_it == 'json': side.write_text('{"conditions": ')
        if break_it == 'image': next((w / 'gen').glob('*seed0.png')).unlink()
        if break_it == 'png': next((w / 'gen').glob('*seed0.png')).write_bytes(b'\x89PNG not really')
    return setup


GOOD = dict(temp='970', time='180', mag='1964', cool='Q', micro='spheroidite')
GEN = ['generate', '--model', '{model}', '--out', '{w}/out'] + [a for k, v in GOOD.items() for a in (f'--{k}', v)]


def gen(*changes, base=GEN):
    "The good `generate` command with options changed (`--temp 1e9`) or removed (`--temp` alone)."
    argv, i = list(base), 0
    changes = list(changes)
    while changes:
        opt = changes.pop(0)
        val = changes.pop(0) if changes and not changes[0].startswith('--') else None
        if opt in argv:
            j = argv.index(opt)
            if val is None: del argv[j:j + 2]
            else: argv[j + 1] = val
        else: argv += [opt] + ([val] if val is not None else [])
    return argv


INV = ['inverse', '--model', '{model}', '--out', '{w}/out', '--diameter', '1.2', '--area-fraction', '0.15',
       '--fixed', 'cool=Q,micro=spheroidite,mag=1964', '--bounds', 'temp=730:960,time=10:5000', '--budget', '8', '--seeds', '2']


def inv(*changes): return gen(*changes, base=INV)


# ------------------------------------------------------------------------------------------------- the table
@dataclass
class Case:
    id: str
    argv: list
    names: tuple                     # regexes the error line must match (case-insensitive): the file / field / option
    owner: str = None                # the area whose fix is awaited (a key of WAITING; set from OPEN)
    setup: object = None             # setup(w, env): writes the bad input into the case folder w
    absent: tuple = ()               # regexes the error line must not match
    prefix: str = None               # the start of the one stderr line (default `microlit COMMAND: error: `)
    guard: bool = True               # stop long work (corpus, base model, fitting) in-process: it means the input was accepted
    e2e: bool = False                # also run as a real subprocess


STATS = ['stats', '--masks', '{masks}', '--out', '{w}/out']
SEG = ['segment', '--model', '{seg}', '--images', '{few}', '--out', '{w}/out']
TRAIN = ['train', '--data', '{corpus}', '--out', '{w}/out']
RUN = ['run', '--preset', 'micro', '--out', '{w}/out']
UNWRITABLE = dict(synth=['synth'], stats=STATS[:3], train=TRAIN[:3], generate=GEN[:3] + GEN[5:], segment=SEG[:5],
                  run=RUN[:3])

CASES = [
    # the dispatcher
    Case('no-command', [], ('microlit',), prefix='usage: microlit'),
    Case('unknown-command', ['fly'], ('microlit',), prefix='usage: microlit'),
    Case('unknown-option', ['synth', '--out', '{w}/out', '--scales', '1'], ('--scales',)),
    Case('bad-float', ['synth', '--out', '{w}/out', '--scale', 'lots'], ('--scale', 'lots')),
    Case('option-without-value', ['stats', '--masks', '{masks}', '--out'], ('--out',)),
    # synth
    Case('synth-scale-0', ['synth', '--out', '{w}/out', '--scale', '0', '--jobs', '1'], ('scale',)),
    Case('synth-scale-negative', ['synth', '--out', '{w}/out', '--scale', '-1', '--jobs', '1'], ('scale',)),
    Case('synth-jobs-negative', ['synth', '--out', '{w}/out', '--scale', '0.03', '--jobs', '-1'], ('jobs',)),
    Case('synth-out-is-file', ['synth', '--out', '{w}/file', '--overwrite'], (r'{w}/file', '--out'), setup=a_file),
    Case('synth-exists', ['synth', '--out', '{w}/mine'], (r'{w}/mine', 'overwrite'), setup=not_a_corpus),
    Case('synth-overwrite-not-a-corpus', ['synth', '--out', '{w}/mine', '--overwrite', '--scale', '0.03', '--jobs', '1'],
         (r'{w}/mine', 'corpus'), setup=not_a_corpus),
    # data summary
    Case('summary-missing-option', ['data', 'summary'], ('--metadata',)),
    Case('summary-not-found', ['data', 'summary', '--metadata', '{w}/nowhere'], (r'{w}/nowhere',)),
    Case('summary-folder-without-table', ['data', 'summary', '--metadata', '{w}'], (r'{w}', 'metadata.csv')),
    Case('summary-header-only', ['data', 'summary', '--metadata', '{w}/db/metadata.csv'], (r'{w}/db/metadata.csv',),
         setup=header_only, e2e=True),
    Case('summary-not-sqlite', ['data', 'summary', '--metadata', '{w}/db'], (r'microstructures.sqlite', 'sqlite'),
         setup=not_sqlite, absent=('select', 'join')),
    Case('summary-empty-sqlite', ['data', 'summary', '--metadata', '{w}/db'], (r'microstructures.sqlite',),
         setup=empty_sqlite, absent=('select', 'join')),
    Case('summary-missing-column', ['data', 'summary', '--metadata', '{w}/db'], (r'metadata.csv', 'cool_method'),
         setup=missing_column),
    Case('summary-text-temperature', ['data', 'summary', '--metadata', '{w}/db'], (r'metadata.csv', 'anneal_temperature', 'line 3', 'hot'),
         setup=text_temperature),
    Case('summary-duplicate-id', ['data', 'summary', '--metadata', '{w}/db'], (r'metadata.csv', 'duplicate', 'micrograph_id'),
         setup=duplicate_id),
    Case('summary-check-images-absent', ['data', 'summary', '--metadata', '{w}/db/metadata.csv', '--check-images'],
         (r'metadata.csv', r'micrograph\d+\.png'), setup=table_only),
    # stats
    Case('stats-missing-options', ['stats'], ('--masks', '--out')),
    Case('stats-masks-not-found', ['stats', '--masks', '{w}/nowhere', '--out', '{w}/out'], (r'{w}/nowhere',)),
    Case('stats-masks-empty', ['stats', '--masks', '{w}', '--out', '{w}/out'], (r'{w}', 'mask')),
    Case('stats-pixel-size-0', STATS + ['--pixel-size', '0'], ('pixel.size',)),
    Case('stats-pixel-size-negative', STATS + ['--pixel-size', '-1'], ('pixel.size',)),
    Case('stats-pixel-size-nan', STATS + ['--pixel-size', 'nan'], ('pixel.size',)),
    Case('stats-phase-absent', STATS + ['--phase', '9'], ('phase', '9')),
    Case('stats-phase-negative', STATS + ['--phase', '-1'], ('phase',)),
    Case('stats-compare-without-phase', STATS + ['--compare', '{w}/zeros'], (r'{w}/zeros', 'phase'), setup=zero_masks),
    Case('stats-compare-other-size', STATS + ['--compare', '{w}/small'], (r'{w}/small', 'size'), setup=small_masks),
    Case('stats-r-max-too-large', STATS + ['--r-max', '100000'], ('r.max',)),
    Case('stats-r-max-negative', STATS + ['--r-max', '-3'], ('r.max',)),
    Case('stats-photos-as-masks', ['stats', '--masks', '{w}/photos', '--out', '{w}/out'], (r'{w}/photos', 'mask'),
         setup=photo_masks),
    Case('stats-out-is-file', STATS[:3] + ['--out', '{w}/file'], (r'{w}/file', '--out'), setup=a_file),
    # params
    Case('params-unknown-model', ['params', '--model', 'sd9'], ('sd9', 'model')),
    Case('params-rank-0', ['params', '--rank', '0'], ('rank',)),
    Case('params-rank-negative', ['params', '--rank', '-4'], ('rank',)),
    Case('params-rank-text', ['params', '--rank', 'big'], ('--rank', 'big')),
    # train
    Case('train-unknown-preset', TRAIN + ['--preset', 'huge'], ('preset', 'huge')),
    Case('train-pretrained-missing', ['train', '--out', '{w}/out', '--pretrained', '{w}/nope'], (r'{w}/nope',), e2e=True),
    Case('train-data-missing', ['train', '--out', '{w}/out', '--data', '{w}/nope'], (r'{w}/nope',)),
    Case('train-data-header-only', ['train', '--out', '{w}/out', '--data', '{w}/db'], (r'metadata.csv',), setup=header_only),
    Case('train-max-steps-0', TRAIN + ['--max-steps', '0'], ('max.steps',)),
    Case('train-max-steps-negative', TRAIN + ['--max-steps', '-5'], ('max.steps',)),
    Case('train-batch-size-0', TRAIN + ['--batch-size', '0'], ('batch.size',)),
    Case('train-resolution-0', TRAIN + ['--resolution', '0'], ('resolution',)),
    Case('train-checkpoint-every-0', TRAIN + ['--checkpoint-every', '0'], ('checkpoint.every',)),
    Case('train-prompt-type-unknown', TRAIN + ['--prompt-type', 'poetry'], ('prompt.type', 'poetry')),
    Case('train-out-is-file', ['train', '--data', '{corpus}', '--out', '{w}/file'], (r'{w}/file', '--out'), setup=a_file),
    # generate
    Case('generate-missing-model', ['generate', '--out', '{w}/out'], ('--model',)),
    Case('generate-model-not-found', gen('--model', '{w}/nope'), (r'{w}/nope',)),
    Case('generate-model-is-segmenter', gen('--model', '{seg}'), (r'{seg}', 'model')),
    Case('generate-n-0', gen('--n', '0'), (r'\bn\b',), e2e=True),
    Case('generate-n-negative', gen('--n', '-2'), (r'\bn\b',)),
    Case('generate-steps-0', gen('--steps', '0'), ('steps',)),
    Case('generate-steps-negative', gen('--steps', '-1'), ('steps',)),
    Case('generate-guidance-nan', gen('--guidance-scale', 'nan'), ('guidance',)),
    Case('generate-guidance-inf', gen('--guidance-scale', 'inf'), ('guidance',)),
    Case('generate-temp-far-out', gen('--temp', '1e9'), ('temp', 'range|extrapolat')),
    Case('generate-temp-negative', gen('--temp', '-5'), ('temp',)),
    Case('generate-temp-missing', gen('--temp'), ('temp',)),
    Case('generate-cool-unknown', gen('--cool', 'XX'), ('cool', 'XX')),
    Case('generate-micro-unknown', gen('--micro', 'cheese'), ('micro', 'cheese')),
    Case('generate-prompt-type-unknown', gen('--prompt-type', 'poetry'), ('prompt.type', 'poetry')),
    Case('generate-conditions-text-temp', ['generate', '--model', '{model}', '--out', '{w}/out', '--conditions', '{w}/conditions.csv'],
         (r'conditions.csv', 'temp', 'row|line'), setup=conditions_csv('temp,time,mag,cool,micro\n970,180,1964,Q,spheroidite\nwarm,180,1964,Q,spheroidite\n')),
    Case('generate-conditions-missing-column', ['generate', '--model', '{model}', '--out', '{w}/out', '--conditions', '{w}/conditions.csv'],
         (r'conditions.csv', 'mag'), setup=conditions_csv('temp,time,cool,micro\n970,180,Q,spheroidite\n')),
    Case('generate-conditions-not-found', ['generate', '--model', '{model}', '--out', '{w}/out', '--conditions', '{w}/nope.csv'],
         (r'{w}/nope.csv',)),
    Case('generate-out-is-file', gen('--out', '{w}/file'), (r'{w}/file', '--out'), setup=a_file),
    Case('generate-lora-corrupt', gen('--model', '{w}/model'), (r'{w}/model', 'lora|safetensors'), setup=lora_corrupt),
    Case('generate-conditioner-corrupt', gen('--model', '{w}/model'), (r'{w}/model', 'conditioner'), setup=conditioner_corrupt),
    Case('generate-base-json-bad', gen('--model', '{w}/model'), (r'base.json',), setup=base_json_bad),
    Case('generate-base-gone', gen('--model', '{w}/model'), (r'{w}/gone/base|{w}/base',), setup=base_gone,
         absent=('huggingface-cli',)),
    # segment
    Case('segment-missing-options', ['segment'], ('--model', '--images', '--out')),
    Case('segment-model-not-found', ['segment', '--model', '{w}/nope'] + SEG[3:], (r'{w}/nope',)),
    Case('segment-images-not-found', SEG[:3] + ['--images', '{w}/nope', '--out', '{w}/out'], (r'{w}/nope',)),
    Case('segment-images-empty', SEG[:3] + ['--images', '{w}', '--out', '{w}/out'], (r'{w}', 'image')),
    Case('segment-tile-0', SEG + ['--tile', '0'], ('tile',)),
    Case('segment-tile-negative', SEG + ['--tile', '-64'], ('tile',)),
    Case('segment-batch-size-0', SEG + ['--batch-size', '0'], ('batch.size',)),
    Case('segment-out-is-file', SEG[:5] + ['--out', '{w}/file'], (r'{w}/file', '--out'), setup=a_file, e2e=True),
    Case('segment-weights-corrupt', ['segment', '--model', '{w}/seg'] + SEG[3:], (r'model.safetensors',), setup=seg_corrupt),
    Case('segment-weights-truncated', ['segment', '--model', '{w}/seg'] + SEG[3:], (r'model.safetensors',), setup=seg_truncated),
    Case('segment-config-bad-json', ['segment', '--model', '{w}/seg'] + SEG[3:], (r'config.json',), setup=seg_bad_json),
    Case('segment-config-other-encoder', ['segment', '--model', '{w}/seg'] + SEG[3:], (r'{w}/seg', 'vgg19|encoder'),
         setup=seg_other_encoder),
    Case('segment-config-unknown-encoder', ['segment', '--model', '{w}/seg'] + SEG[3:], (r'config.json', 'resnet18'),
         setup=seg_unknown_encoder),
    Case('segment-bad-image-in-batch', SEG[:3] + ['--images', '{w}/imgs', '--out', '{w}/out', '--batch-size', '2'],
         (r'zz_broken.png',), setup=images_with_bad_one),
    # evaluate
    Case('evaluate-missing-options', ['evaluate'], ('--generated', '--out')),
    Case('evaluate-no-real', ['evaluate', '--generated', '{w}/gen', '--out', '{w}/out'], ('--real',), setup=a_generated_set()),
    Case('evaluate-generated-not-found', ['evaluate', '--generated', '{w}/nope', '--real', '{corpus}', '--out', '{w}/out'], (r'{w}/nope',)),
    Case('evaluate-no-sidecars', ['evaluate', '--generated', '{few}', '--real', '{corpus}', '--out', '{w}/out'], (r'{few}', 'no generated images')),
    Case('evaluate-sidecar-bad-json', ['evaluate', '--generated', '{w}/gen', '--real', '{corpus}', '--out', '{w}/out'], (r'{w}/gen/.*\.json', 'sidecar'), setup=a_generated_set(break_it='json')),
    Case('evaluate-image-missing', ['evaluate', '--generated', '{w}/gen', '--real', '{corpus}', '--out', '{w}/out'], (r'seed0\.png',), setup=a_generated_set(break_it='image')),
    Case('evaluate-image-corrupt', ['evaluate', '--generated', '{w}/gen', '--real', '{corpus}', '--out', '{w}/out'], (r'seed0\.png',), setup=a_generated_set(break_it='png')),
    Case('evaluate-real-not-uhcs', ['evaluate', '--generated', '{w}/gen', '--real', '{few}', '--out', '{w}/out'], (r'{few}',), setup=a_generated_set()),
    Case('evaluate-condition-not-in-real', ['evaluate', '--generated', '{w}/gen', '--real', '{corpus}', '--out', '{w}/out'], (r'{corpus}', '1500C'), setup=a_generated_set(temp='1500')),
    Case('evaluate-segmenter-not-found', ['evaluate', '--generated', '{w}/gen', '--real', '{corpus}', '--out', '{w}/out', '--segmenter', '{w}/noseg'], (r'{w}/noseg',), setup=a_generated_set()),
    Case('evaluate-out-is-file', ['evaluate', '--generated', '{w}/gen', '--real', '{corpus}', '--out', '{w}/file'], (r'{w}/file', '--out'), setup=lambda w, env: (a_file(w, env), a_generated_set()(w, env))),
    # run
    Case('run-unknown-preset', ['run', '--preset', 'huge', '--out', '{w}/out'], ('preset', 'huge')),
    Case('run-paper-needs-data', ['run', '--preset', 'sd3.5-large', '--out', '{w}/out'], ('--data',)),
    Case('run-data-missing', RUN + ['--data', '{w}/nope', '--segmenter', '{seg}'], (r'{w}/nope',)),
    Case('run-data-header-only', RUN + ['--data', '{w}/db', '--segmenter', '{seg}'], (r'metadata.csv',), setup=header_only),
    Case('run-segmenter-missing', RUN + ['--segmenter', '{w}/nope'], (r'{w}/nope',)),
    Case('run-segmenter-corrupt', RUN + ['--segmenter', '{w}/seg'], (r'{w}/seg',), setup=seg_corrupt),
    Case('run-segmentation-data-file', RUN + ['--data', '{corpus}', '--segmentation-data', '{w}/file'], (r'{w}/file',),
         setup=a_file),
    Case('run-pretrained-missing', RUN + ['--pretrained', '{w}/nope'], (r'{w}/nope',)),
    Case('run-seed-text', RUN + ['--seed', 'abc'], ('--seed', 'abc')),
    Case('run-out-is-file', ['run', '--preset', 'micro', '--out', '{w}/file'], (r'{w}/file', '--out'), setup=a_file),
    # inverse
    Case('inverse-missing-model', INV[:1] + INV[3:], ('--model',)),
    Case('inverse-no-target', inv('--diameter', '--area-fraction'), ('no target', 'diameter')),
    Case('inverse-area-fraction-percent', inv('--area-fraction', '15'), ('area.fraction', '15')),
    Case('inverse-bounds-reversed', inv('--bounds', 'temp=960:730,time=10:5000'), ('temp', 'low < high')),
    Case('inverse-bounds-malformed', inv('--bounds', 'temp=730-960,time=10:5000'), ('--bounds', 'temp=730-960')),
    Case('inverse-time-bound-zero', inv('--bounds', 'temp=730:960,time=0:5000'), ('time', '> 0')),
    Case('inverse-unknown-key', inv('--bounds', 'temp=730:960,time=10:5000,hardness=1:2'), ('hardness',)),
    Case('inverse-fixed-and-searched', inv('--fixed', 'cool=Q,micro=spheroidite,mag=1964,temp=800'), ('temp', 'both fixed and searched')),
    Case('inverse-fixed-missing', inv('--fixed', 'cool=Q,micro=spheroidite'), ('mag', 'neither fixed nor searched')),
    Case('inverse-cool-unknown', inv('--fixed', 'cool=XX,micro=spheroidite,mag=1964'), ('cool', 'XX')),
    Case('inverse-sampler-unknown', inv('--sampler', 'bayes'), ('sampler', 'bayes')),
    Case('inverse-budget-below-seeds', inv('--budget', '1'), ('budget', 'seeds')),
    Case('inverse-reference-and-target', inv('--reference', '{w}/nope.png', '--reference-mag', '1964'), ('reference', 'not both')),
    Case('inverse-reference-missing', inv('--diameter', '--area-fraction', '--reference', '{w}/nope.png', '--reference-mag', '1964'), (r'{w}/nope.png',)),
    Case('inverse-run-not-a-run', ['inverse', '--run', '{w}', '--out', '{w}/out', '--diameter', '1.2', '--fixed', 'cool=Q,micro=spheroidite,mag=1964',
                                   '--bounds', 'temp=730:960,time=10:5000'], (r'{w}', 'run.json')),
    Case('inverse-model-is-segmenter', inv('--model', '{seg}'), (r'{seg}', 'model')),
    Case('inverse-ah-keys-uhcs-model', inv('--fixed', 'type=5,dir=Horizontal,angle=perpendicular', '--bounds', 'temp=400:500,dist=0:24'), ('unknown condition', 'dist')),
    Case('inverse-um-per-px-negative', inv('--um-per-px', '-1'), ('--um-per-px', '> 0')),
]
OPEN = {}  # area (a key of WAITING) → the ids of the cases that wait for it
for cmd, argv in UNWRITABLE.items():  # an output folder under a file, and one in a folder without write permission
    CASES += [Case(f'{cmd}-out-under-a-file', argv + ['--out', '{w}/file/out'], (r'{w}/file/out', '--out'), setup=a_file),
              Case(f'{cmd}-out-read-only', argv + ['--out', '{w}/ro/out'], (r'{w}/ro/out', '--out'), setup=read_only)]
for c in CASES: c.owner = next((a for a, ids in OPEN.items() if c.id in ids and a in WAITING), None)


# ------------------------------------------------------------------------------------------------- running a case
class WorkStarted(Exception):
    "Raised in place of long work (rendering a corpus, building a base model, fitting): the input was accepted."


@dataclass
class Outcome:
    rc: object
    out: str
    err: str
    escaped: str = None              # the traceback of an exception that escaped `main`
    changed: list = field(default_factory=list)
    started: bool = False

    @property
    def lines(self): return [l for l in self.err.splitlines() if l.strip()]


def argv_of(case, env, w):
    subs = dict(env, w=w)
    return [re.sub(r'\{(\w+)\}', lambda m: str(subs[m.group(1)]), a) for a in case.argv]


def snapshot(*folders):
    "Every path under `folders` with its size and modification time (what a case may not change)."
    snap = {}
    for f in folders:
        for dirpath, dirs, files in os.walk(f):
            for n in dirs + files:
                p = Path(dirpath) / n
                try: st = p.lstat()
                except OSError: continue
                snap[str(p)] = (st.st_size, st.st_mtime_ns) if not stat.S_ISDIR(st.st_mode) else None
    return snap


def _guards(monkeypatch):
    import microlit.synth, microlit.train, microlit.pipeline
    def stop(*a, **k): raise WorkStarted()
    for mod, name in ((microlit.synth, 'make_corpus'), (microlit.pipeline, 'make_corpus'),
                      (microlit.train, 'build_offline_base'), (microlit.train, '_fit')):
        monkeypatch.setattr(mod, name, stop)


def _as_user_access(real):
    "`os.access` as a user who is not root sees it (root may write in a read-only folder): write needs a `w` bit."
    def access(path, mode, *a, **k):
        if mode & os.W_OK and not os.stat(path).st_mode & 0o222: return False
        return real(path, mode, *a, **k)
    return access


def run_case(case, env, w, monkeypatch=None):
    "Run one case in-process in folder `w` (its bad input written first); an `Outcome`."
    import microlit.cli
    w.mkdir(parents=True, exist_ok=True)
    if case.setup: case.setup(w, env)
    argv = argv_of(case, env, w)
    before = snapshot(w, env['root'])
    out, err, escaped, started = StringIO(), StringIO(), None, False
    patch = monkeypatch or pytest.MonkeyPatch()
    try:
        if case.guard and case.argv[:1] in (['train'], ['run']): _guards(patch)
        if os.geteuid() == 0: patch.setattr(os, 'access', _as_user_access(os.access))
        with redirect_stdout(out), redirect_stderr(err):
            try: rc = microlit.cli.main(argv)
            except WorkStarted: rc, started = 'work started', True
            except SystemExit as e: rc, escaped = e.code, traceback.format_exc()
            except BaseException: rc, escaped = 'exception', traceback.format_exc()
    finally:
        if monkeypatch is None: patch.undo()
    after = snapshot(w, env['root'])
    changed = sorted(set(after) - set(before) | {p for p in before if after.get(p, 0) != before[p]})
    return Outcome(rc, out.getvalue(), err.getvalue(), escaped, changed, started)


def verdict(case, o, w, env):
    "Problems with an outcome (empty: one clear error), and its class: clear | traceback | silent | unclear."
    cmd = ' '.join(case.argv[:2]) if case.argv[:2] == ['data', 'summary'] else (case.argv[0] if case.argv else '')
    prefix = case.prefix or f'microlit {cmd}: error: '
    problems = []
    if o.escaped or 'Traceback' in o.err: kind = 'traceback'; problems.append('a traceback:\n' + (o.escaped or o.err))
    elif o.started or o.rc == 0: kind = 'silent'; problems.append(f'accepted (rc {o.rc}{", long work started" if o.started else ""})')
    else:
        kind = 'unclear'
        if o.rc != 2: problems.append(f'exit status {o.rc}, not 2')
        if len(o.lines) != 1: problems.append(f'{len(o.lines)} stderr lines, not one')
        elif not o.lines[0].startswith(prefix): problems.append(f'the line does not start with {prefix!r}')
        line = o.lines[-1] if o.lines else ''
        subs = dict(env, w=w)
        for pat in case.names:
            rx = re.sub(r'\{(\w+)\}', lambda m: re.escape(str(subs[m.group(1)])), pat)
            if not re.search(rx, line, re.I): problems.append(f'the line does not name {pat!r}')
        for pat in case.absent:
            if re.search(pat, line, re.I): problems.append(f'the line shows {pat!r}')
        if not problems: kind = 'clear'
    if o.changed: problems.append(f'{len(o.changed)} new or changed path(s), e.g. {o.changed[0]}')
    return problems, kind


def _marks(case):
    marks = []
    if case.owner in WAITING: marks.append(pytest.mark.xfail(strict=True, reason=f'waiting for {WAITING[case.owner]}'))
    return marks


@pytest.mark.parametrize('case', [pytest.param(c, id=c.id, marks=_marks(c)) for c in CASES])
def test_bad_input(case, env, tmp_path, monkeypatch):
    o = run_case(case, env, tmp_path / 'case', monkeypatch)
    problems, kind = verdict(case, o, tmp_path / 'case', env)
    assert not problems, f"{case.id}: {kind}; " + '; '.join(problems) + f"\nstderr: {o.err}"


def test_enough_cases():
    commands = {(c.argv[0] if c.argv[:1] != ['data'] else 'data summary') for c in CASES if c.argv}
    test_set = {'synth', 'data summary', 'stats', 'params', 'train', 'generate', 'segment', 'evaluate', 'run', 'inverse'}
    assert test_set <= commands, commands
    assert len(CASES) >= 40 and len({c.id for c in CASES}) == len(CASES)


# ------------------------------------------------------------------------------------------------- end to end
def cli(*args):
    "The installed console script `microlit` (else `python -c`), as a shell runs it."
    exe = Path(sys.executable).with_name('microlit')
    cmd = [str(exe)] if exe.exists() else [sys.executable, '-c', 'import sys; from microlit.cli import main; sys.exit(main())']
    return cmd + list(args)


@pytest.mark.parametrize('case', [pytest.param(c, id=c.id, marks=_marks(c)) for c in CASES if c.e2e])
def test_bad_input_subprocess(case, env, tmp_path):
    w = tmp_path / 'case'; w.mkdir()
    if case.setup: case.setup(w, env)
    before = snapshot(w)
    p = subprocess.run(cli(*argv_of(case, env, w)), capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, HF_HUB_OFFLINE='1', OMP_NUM_THREADS='1'))
    o = Outcome(p.returncode, p.stdout, p.stderr, changed=sorted(set(snapshot(w)) ^ set(before)))
    problems, kind = verdict(case, o, w, env)
    assert not problems, f"{case.id}: {kind}; " + '; '.join(problems) + f"\nstderr: {o.err}"


def test_console_script_of_one_command(tmp_path):
    "`microlit_synth` (a command installed on its own) keeps the contract: one line, exit status 2."
    script = tmp_path / 'microlit_synth'
    script.write_text('import sys\nfrom microlit.cli import synth\nif __name__ == "__main__":\n    sys.exit(synth())\n')
    p = subprocess.run([sys.executable, str(script), '--out', str(tmp_path / 'c'), '--scale', 'lots'],
                       capture_output=True, text=True, timeout=120)
    assert (p.returncode, p.stderr) == (2, "microlit synth: error: argument --scale: invalid float value: 'lots' "
                                           "(microlit synth -h lists the options)\n"), p.stderr
    assert not (tmp_path / 'c').exists()


# ------------------------------------------------------------------------------------------------- good inputs nearby
def test_summary_from_the_table_alone(env, tmp_path):
    "`data summary` counts from metadata.csv alone, without the images (issue 15 §1)."
    import microlit.cli
    table_only(tmp_path, env)
    def summary(path):
        out = StringIO()
        with redirect_stdout(out): assert microlit.cli.main(['data', 'summary', '--metadata', str(path), '--json']) == 0
        return {k: v for k, v in json.loads(out.getvalue()).items() if k != 'source'}
    alone = summary(tmp_path / 'db' / 'metadata.csv')
    assert alone == summary(env['corpus'] / 'metadata.csv') and alone['micrographs'] == len(metadata_rows(env))


def test_extrapolation_said_once_at_the_end(env, tmp_path):
    "`generate --allow-extrapolation` samples outside the training range and says so in one line at the end of stderr."
    import microlit.cli
    out, err = StringIO(), StringIO()
    argv = gen('--temp', '1e9', '--out', str(tmp_path / 'out'), '--n', '1', '--steps', '2', '--allow-extrapolation')
    with redirect_stdout(out), redirect_stderr(err): rc = microlit.cli.main(argv_of(Case('', argv, ()), env, tmp_path))
    last = err.getvalue().strip().splitlines()[-1]
    assert rc == 0 and len(list((tmp_path / 'out').glob('*.png'))) == 1, err.getvalue()
    assert last.startswith('microlit generate: warning: ') and '1e+09' in last and 'range' in last, last
