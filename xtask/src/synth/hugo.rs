//! The synthetic guide as a Hugo site: the same Markdown bodies, front matter in Hugo's fields,
//! and minimal layouts doing the work backguide's templates do (nav, emergency box,
//! breadcrumbs, table of contents, typed fields, related, sources, previous and next).
//!
//! Links stay as written (`../recovery/rest-3.md#what-helps`): a link render hook resolves them
//! with `site.GetPage` and fails the build on a missing page, as backguide does.

use super::{
    about_body, first_in, quote, section_intro, section_title, topic_file, write_file, Guide,
    DISCLAIMER, EMERGENCY_SIGNS, INTRO, SECTIONS, SOURCES,
};
use std::fmt::Write as _;
use std::io;
use std::path::Path;

pub fn write(guide: &Guide, dir: &Path, repo: &Path) -> io::Result<()> {
    let n = guide.topics.len();
    write_file(
        &dir.join("hugo.toml"),
        &format!(
            "baseURL = \"http://localhost/\"\n\
             title = {}\n\
             languageCode = \"en-GB\"\n\
             uglyURLs = true\n\
             relativeURLs = true\n\
             disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n\
             enableRobotsTXT = false\n\
             [markup.tableOfContents]\n  startLevel = 2\n  endLevel = 3\n",
            quote(&format!("Back pain after working out: {n} topics"))
        ),
    )?;

    // Site data the templates read: the emergency box, glossary and sources.
    let more = &guide.topics[first_in(guide, "warning-signs")];
    let mut data = String::new();
    let _ = writeln!(data, "disclaimer: {}", quote(DISCLAIMER));
    let _ = writeln!(data, "emergency:");
    let _ = writeln!(
        data,
        "  heading: \"Call your emergency number now if you have back pain and:\""
    );
    let _ = writeln!(data, "  signs:");
    for s in EMERGENCY_SIGNS {
        let _ = writeln!(data, "    - {}", quote(s));
    }
    let _ = writeln!(
        data,
        "  numbers: \"Call 999 in the UK, 911 in the US or 112 in the EU.\""
    );
    let _ = writeln!(data, "  more: {}", quote(&format!("/{}", more.path())));
    write_file(&dir.join("data/guide.yaml"), &data)?;
    let mut gl = String::new();
    for t in &guide.glossary {
        let _ = writeln!(gl, "- id: {}\n  term: {}", t.id, quote(&t.term));
        let _ = writeln!(gl, "  definition: {}", quote(&t.definition));
    }
    write_file(&dir.join("data/glossary.yaml"), &gl)?;
    let mut src = String::new();
    for (id, title) in SOURCES {
        let _ = writeln!(src, "- id: {id}\n  title: {}", quote(title));
    }
    write_file(&dir.join("data/sources.yaml"), &src)?;

    let content = dir.join("content");
    write_file(
        &content.join("_index.md"),
        &format!(
            "---\ntitle: Home\ndescription: \"A synthetic guide for benchmarks.\"\n---\n{INTRO}\n"
        ),
    )?;
    write_file(
        &content.join("about.md"),
        &format!(
            "---\ntitle: About this guide\ndescription: \"Who wrote this guide.\"\n---\n{}",
            about_body(guide)
        ),
    )?;
    for (name, title) in [("glossary", "Glossary"), ("sources", "Sources")] {
        write_file(
            &content.join(format!("{name}.md")),
            &format!("---\ntitle: {title}\nlayout: {name}\n---\n"),
        )?;
    }
    for section in SECTIONS {
        let first = &guide.topics[first_in(guide, section)];
        write_file(
            &content.join(section).join("_index.md"),
            &format!(
                "---\ntitle: {}\ndescription: \"The pages in this part of the guide.\"\n---\n{}\n",
                quote(section_title(section)),
                section_intro(first)
            ),
        )?;
    }
    for t in &guide.topics {
        let text = topic_file(guide, t, "description");
        write_file(&content.join(t.path()), &text)?;
    }

    let layouts = dir.join("layouts");
    for (name, text) in LAYOUTS {
        write_file(&layouts.join(name), text)?;
    }
    std::fs::create_dir_all(dir.join("static"))?;
    std::fs::copy(repo.join("static/style.css"), dir.join("static/style.css"))?;
    Ok(())
}

const LAYOUTS: &[(&str, &str)] = &[
    ("_default/baseof.html", BASEOF),
    ("_default/single.html", SINGLE),
    ("_default/list.html", LIST),
    ("_default/glossary.html", GLOSSARY),
    ("_default/sources.html", SOURCES_PAGE),
    ("index.html", HOME),
    ("_default/_markup/render-link.html", RENDER_LINK),
];

const BASEOF: &str = r##"<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} – {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body class="page-{{ .Kind }}">
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="wrap">
    <a class="site-title" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
    <nav class="site-nav" aria-label="Sections">
      <ul>
      {{ $here := . }}
      {{ range site.Sections }}
        <li><a href="{{ .RelPermalink }}"{{ if eq $here . }} aria-current="page"{{ else if $here.IsDescendant . }} aria-current="true"{{ end }}>{{ .Title }}</a></li>
      {{ end }}
      </ul>
    </nav>
  </div>
</header>
{{ with site.Data.guide.emergency }}
<aside class="emergency" aria-labelledby="emergency-heading">
  <div class="wrap">
    <h2 id="emergency-heading" class="emergency-heading"><span class="emergency-tag">Emergency</span> {{ .heading }}</h2>
    <ul class="emergency-signs">
    {{ range .signs }}<li>{{ . }}</li>{{ end }}
    </ul>
    <p class="emergency-numbers"><strong>{{ .numbers }}</strong>
      <a href="{{ (site.GetPage .more).RelPermalink }}">Read more about these signs</a></p>
  </div>
</aside>
{{ end }}
<div class="wrap">
{{ if not .IsHome }}
  <nav class="breadcrumbs" aria-label="Breadcrumb">
    <ol>
      <li><a href="{{ site.Home.RelPermalink }}">Home</a></li>
      {{ if .IsPage }}{{ with .Parent }}{{ if not .IsHome }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}{{ end }}
      <li aria-current="page">{{ .Title }}</li>
    </ol>
  </nav>
{{ end }}
  <main id="main" tabindex="-1">
{{ block "main" . }}{{ end }}
  </main>
{{ if .IsPage }}
  <nav class="pager" aria-label="Previous and next page">
  {{ with .PrevInSection }}<a class="pager-prev" rel="prev" href="{{ .RelPermalink }}"><span class="pager-label">Previous</span> {{ .Title }}</a>{{ end }}
  {{ with .NextInSection }}<a class="pager-next" rel="next" href="{{ .RelPermalink }}"><span class="pager-label">Next</span> {{ .Title }}</a>{{ end }}
  </nav>
{{ end }}
</div>
<footer class="site-footer">
  <div class="wrap">
    <p class="disclaimer">{{ site.Data.guide.disclaimer }}</p>
    <ul class="footer-links">
      <li><a href="{{ "about.html" | relURL }}">About this guide</a></li>
      <li><a href="{{ "glossary.html" | relURL }}">Glossary</a></li>
      <li><a href="{{ "sources.html" | relURL }}">Sources</a></li>
    </ul>
  </div>
</footer>
</body>
</html>
"##;

const SINGLE: &str = r##"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Description }}</p>
{{ with .Params.feels_like }}
<dl class="facts">
  <dt>When it starts</dt>
  <dd>{{ with $.Params.onset }}{{ if reflect.IsMap . }}{{ .from_hours }} to {{ .to_hours }} hours after the workout{{ else }}Straight away: during the workout or just after it{{ end }}{{ end }}</dd>
  <dt>What it feels like</dt>
  <dd><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul></dd>
</dl>
{{ end }}
{{ with .Params.soreness }}
<table class="compare">
  <caption>Muscle soreness compared with an injury</caption>
  <thead><tr><th scope="col">Likely muscle soreness</th><th scope="col">May be an injury</th></tr></thead>
  <tbody><tr><td>{{ . }}</td><td>{{ $.Params.injury }}</td></tr></tbody>
</table>
{{ end }}
{{ with .Params.when }}<p class="tag">When: {{ if eq . "first-48-hours" }}in the first 48 hours{{ else if eq . "later" }}after the first two days{{ else }}every day{{ end }}</p>{{ end }}
{{ with .Params.phase }}<p class="tag">When: {{ . }} a workout</p>{{ end }}
{{ with .Params.tier }}
<div class="care-card tier-{{ . }}">
  <p class="care-card-heading">{{ if eq . "emergency" }}Emergency: call your emergency number now{{ else if eq . "urgent" }}Urgent: get medical help today{{ else }}Not urgent: see a doctor if it does not improve{{ end }}</p>
  <ul>{{ range $.Params.signs }}<li>{{ . }}</li>{{ end }}</ul>
</div>
{{ end }}
{{ if ge (len .Fragments.Headings) 1 }}
<nav class="toc" aria-labelledby="toc-heading">
  <h2 id="toc-heading">On this page</h2>
  {{ .TableOfContents }}
</nav>
{{ end }}
<div class="prose">{{ .Content }}</div>
</article>
{{ with .Params.related }}
<section class="related" aria-labelledby="related-heading">
  <h2 id="related-heading">Related</h2>
  <ul>{{ range . }}{{ with site.GetPage (printf "/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ else }}{{ errorf "related %q is not a page" . }}{{ end }}{{ end }}</ul>
</section>
{{ end }}
{{ with .Params.sources }}
<p class="cited">Based on: {{ range $i, $id := . }}{{ range where site.Data.sources "id" $id }}{{ if $i }}; {{ end }}<a href="{{ "sources.html" | relURL }}#{{ .id }}">{{ .title }}</a>{{ end }}{{ end }}.</p>
{{ end }}
{{ end }}
"##;

const LIST: &str = r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Description }}</p>
<div class="prose">{{ .Content }}</div>
<h2 id="topics">Pages in this section</h2>
<ul class="cards">
{{ range .Pages }}
  <li class="card{{ with .Params.tier }} tier-{{ . }}{{ end }}"><a href="{{ .RelPermalink }}">
    <span class="card-title">{{ .Title }}</span>
    <span class="card-summary">{{ .Description }}</span></a></li>
{{ end }}
</ul>
{{ end }}
"##;

const HOME: &str = r##"{{ define "main" }}
<h1>{{ site.Title }}</h1>
<div class="lead">{{ .Content }}</div>
<h2 id="sections">What is in this guide</h2>
<ul class="cards">
{{ range site.Sections }}
  <li class="card"><a href="{{ .RelPermalink }}"><span class="card-title">{{ .Title }}</span>
    <span class="card-summary">{{ .Description }}</span></a></li>
{{ end }}
</ul>
{{ end }}
"##;

const GLOSSARY: &str = r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
<dl class="glossary">
{{ range site.Data.glossary }}
  <dt id="{{ .id }}">{{ .term }}</dt>
  <dd>{{ .definition }}</dd>
{{ end }}
</dl>
{{ end }}
"##;

const SOURCES_PAGE: &str = r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="sources">
{{ range site.Data.sources }}<li id="{{ .id }}"><cite>{{ .title }}</cite></li>{{ end }}
</ul>
{{ end }}
"##;

/// Resolve `../section/topic.md#anchor` to the page's URL; a missing page fails the build.
const RENDER_LINK: &str = r##"{{- $u := urls.Parse .Destination -}}
{{- $href := .Destination -}}
{{- if and (not $u.IsAbs) (strings.HasSuffix $u.Path ".md") -}}
  {{- $target := path.Join "/" .Page.File.Dir $u.Path -}}
  {{- with site.GetPage $target -}}
    {{- $href = .RelPermalink -}}
    {{- with $u.Fragment }}{{ $href = printf "%s#%s" $href . }}{{ end -}}
  {{- else -}}
    {{- errorf "broken link %q in %s" $.Destination $.Page.File.Path -}}
  {{- end -}}
{{- end -}}
<a href="{{ $href | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>
{{- /* no trailing newline */ -}}
"##;
