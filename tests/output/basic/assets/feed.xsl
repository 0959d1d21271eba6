<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an Atom feed opened in a browser as a page: what a feed is, how to subscribe, and its
     latest entries. Feed readers ignore it. Every text of a feed is copied as text (never as
     markup), so a story's words cannot become part of the page. A template: its words are the
     theme's, in the site's language (autoescaped, so a translation stays text). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="no"
      doctype-system="about:legacy-compat"/>
  <xsl:variable name="page" select="/atom:feed/atom:link[@rel='alternate']/@href"/>
  <xsl:variable name="self" select="/atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:template match="/atom:feed">
    <html>
      <xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute>
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="atom:title"/> – Atom feed</title>
        <style>
          :root { color-scheme: light dark; --paper: #fbfaf7; --ink: #1b1b1b; --muted: #5c5c5c; --rule: #d9d5cc; --link: #1a4d8f; --focus: #e0a100; }
          @media (prefers-color-scheme: dark) { :root { --paper: #16171a; --ink: #e8e6e1; --muted: #a3a09a; --rule: #3a3b40; --link: #8cb8f2; } }
          html { background: var(--paper); color: var(--ink); }
          body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.5; }
          main { max-width: 44rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
          a { color: var(--link); }
          :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
          h1, h2, h3 { font-family: Georgia, "Times New Roman", serif; line-height: 1.2; }
          .kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8rem; font-weight: 600; margin: 0; }
          .standfirst { font-family: Georgia, serif; font-size: 1.1rem; color: var(--muted); }
          .permalink input { font: inherit; width: 100%; padding: 0.3rem; color: var(--ink); background: var(--paper); border: 1px solid var(--rule); }
          .story-list { list-style: none; padding: 0; }
          .story-list li { border-bottom: 1px solid var(--rule); padding: 0.6rem 0; }
          .headline { font-size: 1.15rem; margin: 0 0 0.2rem; }
          .headline a { color: var(--ink); }
          .credit { color: var(--muted); font-size: 0.85rem; margin: 0; }
          .summary { margin: 0.2rem 0 0; font-family: Georgia, serif; }
        </style>
      </head>
      <body>
        <main id="main" class="feed-page">
          <header class="term-head">
            <p class="kicker">Atom feed</p>
            <h1><xsl:value-of select="atom:title"/></h1>
            <p class="standfirst">This is a web feed: it tells a feed reader of every new story here. To subscribe, copy its address into your feed reader (NetNewsWire, Feedly, Thunderbird, Inoreader and many more read it).</p>
            <p class="permalink"><label for="feed-url">Feed address</label>
              <input id="feed-url" type="text" readonly="readonly" spellcheck="false">
                <xsl:attribute name="value"><xsl:value-of select="$self"/></xsl:attribute>
              </input></p>
            <p><a><xsl:attribute name="href"><xsl:value-of select="$page"/></xsl:attribute>Read these stories on the site</a></p>
          </header>
          <h2>Latest entries</h2>
          <ol class="story-list">
            <xsl:for-each select="atom:entry">
              <li>
                <h3 class="headline"><a><xsl:attribute name="href"><xsl:value-of select="atom:link[@rel='alternate']/@href"/></xsl:attribute><xsl:value-of select="atom:title"/></a></h3>
                <p class="credit"><time><xsl:attribute name="datetime"><xsl:value-of select="substring(atom:published, 1, 10)"/></xsl:attribute><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
                  <xsl:if test="atom:author/atom:name"> · <xsl:value-of select="atom:author/atom:name"/></xsl:if></p>
                <xsl:if test="atom:summary != ''"><p class="summary"><xsl:value-of select="atom:summary"/></p></xsl:if>
              </li>
            </xsl:for-each>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
