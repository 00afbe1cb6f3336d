"""A picture file (SVG) is published as it is and can be opened on its own, where a script in
it would run with the site's origin. It is read by a namespace-aware XML parser (defusedxml:
no entity is declared or expanded, no external file is read) and held against an allow-list
by namespace URI, so `<x:script xmlns:x="http://www.w3.org/2000/svg">` is the script it is.

Allowed: the drawing elements of SVG below; their geometry, presentation and text
attributes (no namespace), each value judged as CSS (url(#id) only, to the picture's own
gradients, clips and masks); xlink:href and href to `#id` only; xml:space and xml:lang; the
elements and attributes of the editors' own namespaces (Inkscape, Sodipodi, RDF metadata),
which a browser ignores. Refused: every other element (script, foreignObject, use, image,
a, animate, set ...), event handlers, processing instructions (xml-stylesheet), styles that
load anything, and a file that is not well-formed."""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from msht_hub.policies.css import SVG_FUNCTIONS, declarations_problems, stylesheet_problems, value_problems
from msht_hub.policies.markup import Finding

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
# Namespaces drawing programs write and browsers ignore (no element or attribute in them does anything).
INERT = frozenset({
    "http://www.inkscape.org/namespaces/inkscape", "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://purl.org/dc/elements/1.1/", "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/", "http://ns.adobe.com/AdobeIllustrator/10.0/", "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Extensibility/1.0/", "http://ns.adobe.com/Graphs/1.0/", "http://www.bohemiancoding.com/sketch/ns",
})
ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "metadata", "symbol", "path", "rect", "circle", "ellipse", "line", "polyline",
    "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern",
    "marker", "style", "filter", "switch",
    "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
    "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
    "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight", "feSpecularLighting",
    "feSpotLight", "feTile", "feTurbulence",
})
ATTRIBUTES = frozenset({
    # identity, geometry and structure
    "id", "class", "style", "lang", "version", "baseProfile", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy",
    "r", "rx", "ry", "fx", "fy", "fr", "d", "points", "pathLength", "viewBox", "preserveAspectRatio", "transform",
    "gradientUnits", "gradientTransform", "spreadMethod", "offset", "patternUnits", "patternContentUnits", "patternTransform",
    "clipPathUnits", "maskUnits", "maskContentUnits", "markerUnits", "markerWidth", "markerHeight", "refX", "refY",
    "orient", "href", "requiredFeatures", "requiredExtensions", "systemLanguage", "role", "focusable", "type", "media",
    # text
    "dx", "dy", "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side",
    # presentation attributes
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "color", "display", "visibility", "overflow",
    "clip-path", "clip-rule", "mask", "filter", "marker-start", "marker-mid", "marker-end", "stop-color", "stop-opacity",
    "font-family", "font-size", "font-style", "font-weight", "font-variant", "text-anchor", "text-decoration",
    "dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing", "word-spacing", "writing-mode",
    "direction", "unicode-bidi", "color-interpolation", "color-interpolation-filters", "flood-color", "flood-opacity",
    "lighting-color", "shape-rendering", "text-rendering", "image-rendering", "vector-effect", "paint-order",
    "mix-blend-mode", "isolation", "enable-background",
    # filter primitives
    "in", "in2", "result", "mode", "values", "operator", "k1", "k2", "k3", "k4", "stdDeviation", "edgeMode", "order",
    "kernelMatrix", "divisor", "bias", "targetX", "targetY", "preserveAlpha", "scale", "xChannelSelector",
    "yChannelSelector", "radius", "baseFrequency", "numOctaves", "seed", "stitchTiles", "surfaceScale",
    "diffuseConstant", "specularConstant", "specularExponent", "kernelUnitLength", "azimuth", "elevation", "z",
    "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle", "tableValues", "slope", "intercept", "amplitude",
    "exponent", "primitiveUnits", "filterUnits", "filterRes",
})  # and aria-*
_NOT_CSS = frozenset({"id", "class", "lang", "version", "baseProfile", "d", "points", "viewBox", "values", "kernelMatrix",
                      "tableValues", "role", "systemLanguage",
                      "requiredFeatures", "requiredExtensions", "type", "media", "in", "in2", "result"})


def _split(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _element_problems(namespace: str, tag: str, attributes: dict[str, str]) -> list[str]:
    if namespace in INERT:
        return []
    if namespace != SVG or tag not in ELEMENTS:
        shown = tag if namespace == SVG else f"{tag} (namespace {namespace or 'none'})"
        return [f"a <{shown}> element is not allowed in a picture (it can run code, embed or fetch); remove it"]
    problems: list[str] = []
    for qualified, value in attributes.items():
        attribute_namespace, name = _split(qualified)
        if attribute_namespace in INERT:
            continue
        if name.lower().startswith("on") and attribute_namespace in ("", SVG):
            problems.append(f"the attribute {name}= on <{tag}> is an event handler (it runs code); remove it")
        elif (attribute_namespace, name) in ((XLINK, "href"), ("", "href")):
            if not value.strip().startswith("#"):
                problems.append(f'the attribute href="{value[:60]}" on <{tag}> leads outside the picture; expected "#id"')
        elif attribute_namespace == XML and name in ("space", "lang"):
            continue
        elif attribute_namespace == XLINK and name in ("title", "type"):
            continue
        elif attribute_namespace or not (name in ATTRIBUTES or name.startswith("aria-")):
            shown = f"{{{attribute_namespace}}}{name}" if attribute_namespace else name
            problems.append(f"the attribute {shown}= on <{tag}> is not allowed in a picture; remove it")
        elif name == "style":
            problems += [f"the style= on <{tag}>: {why}" for why in declarations_problems(value, properties=None, functions=SVG_FUNCTIONS)]
        elif name not in _NOT_CSS and not name.startswith("aria-"):
            problems += [f"the attribute {name}= on <{tag}>: {why}" for why in value_problems(value)]
    return problems


class _Builder(ElementTree.TreeBuilder):
    """Notes processing instructions, before the root element too (a browser acts on
    <?xml-stylesheet?>), which the default tree builder drops."""

    def __init__(self) -> None:
        super().__init__()
        self.instructions: list[str] = []

    def pi(self, target: str, text: str | None = None) -> ElementTree.Element:
        self.instructions.append(target)
        return super().pi(target, text)


def unsafe_svg(text: str) -> list[Finding]:
    """What an SVG picture may not carry, once each, in order."""
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(text)
        root = parser.close()
    except DefusedXmlException:
        return [Finding("file", "declares XML entities; remove the DOCTYPE's internal subset")]
    except ElementTree.ParseError as error:
        return [Finding("file", f"is not a well-formed SVG picture ({error}); a browser would show an error instead")]
    findings = [Finding("file", f"a processing instruction (<?{target} ...?>) is not allowed in a picture; remove it")
                for target in dict.fromkeys(builder.instructions)]
    if _split(root.tag) != (SVG, "svg"):
        findings.append(Finding("file", f"is not an SVG picture (its root element is {root.tag}); expected <svg xmlns=\"{SVG}\">"))
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        namespace, tag = _split(element.tag)
        problems = _element_problems(namespace, tag, dict(element.attrib))
        if (namespace, tag) == (SVG, "style"):
            problems += [f"its <style>: {why}" for why in stylesheet_problems(element.text or "")]
        for what in problems:
            if Finding("file", what) not in findings:
                findings.append(Finding("file", what))
    return findings
