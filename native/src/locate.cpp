#include "locate.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "vision.h"

namespace sp {
namespace {

struct ColorRange {
    int color;
    cv::Scalar low, high;
    float weight;  // white is everywhere in a photo: trust it less
};

// Several strictness levels per colour: a loose mask finds faded or night plates, a strict one separates a
// plate from a car body or road of a similar hue that the loose mask merges it with.
const ColorRange kRanges[] = {
    {SP_COLOR_BLUE, {95, 60, 40}, {135, 255, 255}, 1.0f},
    {SP_COLOR_BLUE, {98, 110, 110}, {130, 255, 255}, 1.0f},
    {SP_COLOR_BLUE, {100, 160, 150}, {125, 255, 255}, 1.0f},
    {SP_COLOR_BLUE, {110, 50, 60}, {150, 255, 255}, 0.7f},
    {SP_COLOR_YELLOW, {11, 80, 80}, {34, 255, 255}, 0.9f},
    {SP_COLOR_YELLOW, {15, 140, 140}, {32, 255, 255}, 0.9f},
    {SP_COLOR_GREEN, {35, 35, 70}, {90, 255, 255}, 0.9f},
    {SP_COLOR_GREEN, {40, 80, 110}, {85, 255, 255}, 0.9f},
    {SP_COLOR_WHITE, {0, 0, 165}, {180, 40, 255}, 0.5f},
    {SP_COLOR_WHITE, {0, 0, 200}, {180, 60, 255}, 0.5f},
};

cv::RotatedRect normalise(cv::RotatedRect r) {
    if (r.size.width < r.size.height) {
        std::swap(r.size.width, r.size.height);
        r.angle -= 90.0f;
    }
    while (r.angle > 45.0f) r.angle -= 180.0f;
    while (r.angle < -135.0f) r.angle += 180.0f;
    if (r.angle < -45.0f) r.angle += 180.0f;
    return r;
}

float iou(const cv::Rect& a, const cv::Rect& b) {
    const float inter = static_cast<float>((a & b).area());
    const float uni = static_cast<float>(a.area() + b.area()) - inter;
    return uni > 0 ? inter / uni : 0.0f;
}

void collect(const cv::Mat& mask, const cv::Mat& edges, int color, float weight, float min_area, float max_area,
             std::vector<Region>& out) {
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    for (const auto& c : contours) {
        if (c.size() < 4) continue;
        const double area = cv::contourArea(c);
        if (area < min_area || area > max_area) continue;
        cv::RotatedRect r = normalise(cv::minAreaRect(c));
        const float w = r.size.width, h = r.size.height;
        if (h < 6 || w < 20) continue;
        const float aspect = w / h;
        if (aspect < 1.8f || aspect > 7.0f) continue;
        if (std::abs(r.angle) > 35.0f) continue;
        const float fill = static_cast<float>(area / (w * h));
        if (fill < 0.45f) continue;
        const cv::Rect box = r.boundingRect() & cv::Rect(0, 0, mask.cols, mask.rows);
        if (box.area() <= 0) continue;
        const float density = static_cast<float>(cv::countNonZero(edges(box))) / static_cast<float>(box.area());
        if (density < 0.05f) continue;
        const float shape = std::exp(-std::pow((aspect - 3.4f) / 1.8f, 2.0f));
        const float score = weight * fill * std::min(1.0f, density / 0.18f) * (0.5f + 0.5f * shape);
        out.push_back({r, color, score});
    }
}

// Four corners of a contour's convex hull, ordered tl, tr, br, bl; false when the outline is not a quadrilateral.
bool corners_of(const std::vector<cv::Point>& contour, cv::Point2f out[4]) {
    std::vector<cv::Point> hull, poly;
    cv::convexHull(contour, hull);
    const double perimeter = cv::arcLength(hull, true);
    for (double eps = 0.02; eps <= 0.1; eps += 0.01) {
        cv::approxPolyDP(hull, poly, eps * perimeter, true);
        if (poly.size() <= 4) break;
    }
    if (poly.size() != 4) return false;
    // A plate is wide: the two leftmost corners are its left side, the upper of them top-left.
    std::vector<cv::Point2f> pts;
    for (const auto& p : poly) pts.emplace_back(static_cast<float>(p.x), static_cast<float>(p.y));
    std::sort(pts.begin(), pts.end(), [](const cv::Point2f& a, const cv::Point2f& b) { return a.x < b.x; });
    if (pts[0].y > pts[1].y) std::swap(pts[0], pts[1]);
    if (pts[2].y > pts[3].y) std::swap(pts[2], pts[3]);
    out[0] = pts[0];
    out[3] = pts[1];
    out[1] = pts[2];
    out[2] = pts[3];
    const auto side = [&](int a, int b) { return static_cast<float>(cv::norm(out[a] - out[b])); };
    const float top = side(0, 1), bottom = side(3, 2), left = side(0, 3), right = side(1, 2);
    return std::min(top, bottom) > 0.7f * std::max(top, bottom) && std::min(left, right) > 0.6f * std::max(left, right);
}

// A plate is one flat colour, but a fixed HSV range either cuts it where glare or dirt shifts the colour or merges it
// with a car body of a similar hue. So each coloured region is looked at again with the region's own colour: pixels
// near its median hue and saturation, searched in a window around it, give the whole plate and only the plate.
bool refine(const cv::Mat& hsv, const cv::Mat& edges, const Region& r, Region& refined) {
    const cv::Rect bounds(0, 0, hsv.cols, hsv.rows);
    const cv::Rect box = r.rect.boundingRect() & bounds;
    if (box.width < 8 || box.height < 4) return false;
    const float w = r.rect.size.width, h = r.rect.size.height;
    cv::Mat inside = cv::Mat::zeros(box.size(), CV_8U);
    cv::Point2f pts[4];
    r.rect.points(pts);
    std::vector<cv::Point> poly;
    for (auto& p : pts) poly.emplace_back(cvRound(p.x - box.x), cvRound(p.y - box.y));
    cv::fillConvexPoly(inside, poly, 255);
    std::vector<int> hues, sats, vals;
    const cv::Mat roi = hsv(box);
    for (int y = 0; y < roi.rows; ++y) {
        const auto* p = roi.ptr<cv::Vec3b>(y);
        const auto* m = inside.ptr<uchar>(y);
        for (int x = 0; x < roi.cols; ++x) {
            if (!m[x] || p[x][1] < 40 || p[x][2] < 40) continue;  // the characters and the dark rim are not the colour
            hues.push_back(p[x][0]);
            sats.push_back(p[x][1]);
            vals.push_back(p[x][2]);
        }
    }
    if (hues.size() < 30) return false;
    auto median = [](std::vector<int>& v) {
        std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
        return v[v.size() / 2];
    };
    const int hue = median(hues), sat = median(sats), val = median(vals);
    const cv::Rect window = cv::Rect(cvRound(box.x - w * 0.4f), cvRound(box.y - h * 0.8f), cvRound(box.width + w * 0.8f),
                                     cvRound(box.height + h * 1.6f)) & bounds;
    const cv::Mat area = hsv(window);
    cv::Mat mask(window.size(), CV_8U);
    for (int y = 0; y < area.rows; ++y) {
        const auto* p = area.ptr<cv::Vec3b>(y);
        auto* m = mask.ptr<uchar>(y);
        for (int x = 0; x < area.cols; ++x) {
            int dh = std::abs(p[x][0] - hue);
            dh = std::min(dh, 180 - dh);
            m[x] = dh <= 10 && p[x][1] >= sat * 0.55 && p[x][2] >= val * 0.45 ? 255 : 0;
        }
    }
    const int kh = std::max(1, cvRound(h / 6)), kw = std::max(3, cvRound(h / 2.5f));
    cv::morphologyEx(mask, mask, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(kw, kh)));
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    const cv::Point2f centre = r.rect.center - cv::Point2f(static_cast<float>(window.x), static_cast<float>(window.y));
    for (const auto& c : contours) {
        if (c.size() < 4 || cv::pointPolygonTest(c, centre, false) < 0) continue;
        cv::RotatedRect rr = normalise(cv::minAreaRect(c));
        const float aspect = rr.size.width / std::max(1.0f, rr.size.height);
        const float fill = static_cast<float>(cv::contourArea(c) / std::max(1.0f, rr.size.area()));
        if (aspect < 2.0f || aspect > 6.0f || fill < 0.6f || std::abs(rr.angle) > 35.0f) return false;
        rr.center += cv::Point2f(static_cast<float>(window.x), static_cast<float>(window.y));
        const cv::Rect rb = rr.boundingRect() & bounds;
        if (rb.area() <= 0 || iou(rb, box) > 0.9f) return false;  // nothing new
        const float density = static_cast<float>(cv::countNonZero(edges(rb))) / static_cast<float>(rb.area());
        if (density < 0.05f) return false;
        refined = {rr, r.color, r.score * 1.02f};
        if (corners_of(c, refined.quad)) {
            refined.has_quad = true;
            for (auto& q : refined.quad) q += cv::Point2f(static_cast<float>(window.x), static_cast<float>(window.y));
        }
        return true;
    }
    return false;
}

}  // namespace

std::vector<Region> plates_in_mask(const cv::Mat& plate_probability, float to_image) {
    // Upsampled before thresholding, the mask's outline is finer than its quarter-resolution cells.
    cv::Mat up, mask;
    cv::resize(plate_probability, up, cv::Size(), 4.0, 4.0, cv::INTER_LINEAR);
    cv::threshold(up, mask, 0.5, 255, cv::THRESH_BINARY);
    mask.convertTo(mask, CV_8U);
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    std::vector<Region> found;
    for (const auto& c : contours) {
        if (c.size() < 4 || cv::contourArea(c) < 48) continue;
        cv::RotatedRect r = normalise(cv::minAreaRect(c));
        if (r.size.width < 12 || r.size.width < 1.5f * r.size.height || std::abs(r.angle) > 35.0f) continue;
        cv::Mat inside = cv::Mat::zeros(up.size(), CV_8U);
        cv::drawContours(inside, std::vector<std::vector<cv::Point>>{c}, 0, 255, cv::FILLED);
        const float confidence = static_cast<float>(cv::mean(up, inside)[0]);
        r.center = (r.center + cv::Point2f(0.5f, 0.5f)) * to_image;
        r.size.width *= to_image;
        r.size.height *= to_image;
        found.emplace_back(r, SP_COLOR_UNKNOWN, confidence);
    }
    std::sort(found.begin(), found.end(), [](const Region& a, const Region& b) { return a.score > b.score; });
    return found;
}

Scene prepare_scene(const cv::Mat& bgr) {
    Scene scene;
    const int longest = std::max(bgr.cols, bgr.rows);
    scene.scale = longest > 1024 ? 1024.0 / longest : 1.0;
    if (scene.scale < 1.0) cv::resize(bgr, scene.small, cv::Size(), scene.scale, scene.scale, cv::INTER_AREA);
    else scene.small = bgr;
    cv::Mat grey, gx;
    cv::cvtColor(scene.small, grey, cv::COLOR_BGR2GRAY);
    cv::cvtColor(scene.small, scene.hsv, cv::COLOR_BGR2HSV);
    cv::Sobel(grey, gx, CV_16S, 1, 0, 3);
    cv::convertScaleAbs(gx, gx);
    cv::threshold(gx, scene.edges, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    return scene;
}

namespace {

// Each region is offered as found and, right after it, as refined by its own colour: the reader decides. Regions
// come in and go out in image coordinates.
std::vector<Region> with_second_looks(const Scene& scene, const std::vector<Region>& kept, int max_regions) {
    std::vector<Region> offered;
    for (const auto& r : kept) {
        offered.push_back(r);
        Region refined;
        if (r.color != SP_COLOR_UNKNOWN && refine(scene.hsv, scene.edges, r, refined)) {
            offered.push_back(refined);
            if (refined.has_quad) {  // the outline's corners undo perspective, unless they were fitted badly
                refined.has_quad = false;
                offered.push_back(refined);
            }
        }
        // New-energy plates fade from green to near white at the top: the green mask often holds only the lower part,
        // so a green region is also offered grown upwards.
        if (r.color == SP_COLOR_GREEN) {
            Region grown = r;
            const float a = r.rect.angle * static_cast<float>(CV_PI / 180.0);
            const float shift = r.rect.size.height * 0.35f;
            grown.rect.center += cv::Point2f(std::sin(a) * shift, -std::cos(a) * shift);
            grown.rect.size.height *= 1.7f;
            grown.score *= 0.95f;
            offered.push_back(grown);
        }
    }
    if (static_cast<int>(offered.size()) > max_regions) offered.resize(max_regions);
    const float inv = static_cast<float>(1.0 / scene.scale);
    for (auto& r : offered) {
        r.rect.center *= inv;
        r.rect.size.width *= inv;
        r.rect.size.height *= inv;
        for (auto& q : r.quad) q *= inv;
    }
    return offered;
}

}  // namespace

std::vector<Region> offer_marked(const Scene& scene, const std::vector<Region>& found_by_finder, int max_regions) {
    // The finder's three surest; its score ranks them, the plate's colour comes from the pixels.
    std::vector<Region> kept;
    for (Region r : found_by_finder) {
        if (kept.size() >= 3) break;
        r.rect.center *= static_cast<float>(scene.scale);
        r.rect.size.width *= static_cast<float>(scene.scale);
        r.rect.size.height *= static_cast<float>(scene.scale);
        cv::Point2f corners[4];
        r.color = classify_color(straighten(scene.small, r, cv::Size(96, 24), corners));
        kept.push_back(r);
    }
    return with_second_looks(scene, kept, max_regions);
}

std::vector<Region> offer_cued(const Scene& scene, int max_regions) {
    const cv::Mat& small = scene.small;
    const float image_area = static_cast<float>(small.cols * small.rows);
    const float min_area = std::max(250.0f, image_area * 0.0004f);
    const float max_area = image_area * 0.5f;
    const int k = std::max(3, static_cast<int>(std::lround(std::max(small.cols, small.rows) / 200.0)));
    const cv::Mat close_kernel = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(k * 2 + 1, k));
    const cv::Mat open_kernel = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3));

    std::vector<Region> found;
    for (const auto& range : kRanges) {
        cv::Mat mask;
        cv::inRange(scene.hsv, range.low, range.high, mask);
        cv::morphologyEx(mask, mask, cv::MORPH_CLOSE, close_kernel);
        cv::morphologyEx(mask, mask, cv::MORPH_OPEN, open_kernel);
        collect(mask, scene.edges, range.color, range.weight, min_area, max_area, found);
    }
    // Colour-blind cue: characters are dense vertical edges in a row.
    {
        cv::Mat blob;
        const int kw = std::max(9, small.cols / 50);
        cv::morphologyEx(scene.edges, blob, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(kw, 3)));
        cv::morphologyEx(blob, blob, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(kw / 2, 5)));
        collect(blob, scene.edges, SP_COLOR_UNKNOWN, 0.45f, min_area, max_area, found);
    }

    std::sort(found.begin(), found.end(), [](const Region& a, const Region& b) { return a.score > b.score; });
    std::vector<Region> kept;
    for (const auto& r : found) {
        const cv::Rect box = r.rect.boundingRect();
        bool overlaps = false;
        for (const auto& other : kept) {
            if (iou(box, other.rect.boundingRect()) > 0.4f) { overlaps = true; break; }
        }
        if (!overlaps) kept.push_back(r);
        if (static_cast<int>(kept.size()) >= max_regions) break;
    }
    return with_second_looks(scene, kept, max_regions);
}

bool tilted_text_line(const cv::Mat& bgr, Region& out) {
    cv::Mat grey, gx, edges;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    cv::Sobel(grey, gx, CV_16S, 1, 0, 3);
    cv::convertScaleAbs(gx, gx);
    cv::threshold(gx, edges, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    const cv::Moments m = cv::moments(edges, true);
    if (m.m00 < 30) return false;
    const double mx = m.m10 / m.m00, my = m.m01 / m.m00;
    // The characters' edge pixels lie along the text line: its direction is their principal axis.
    const double slope = std::tan(0.5 * std::atan2(2 * m.mu11, m.mu20 - m.mu02));
    if (std::abs(slope) < std::tan(2.0 * CV_PI / 180.0) || std::abs(slope) > std::tan(25.0 * CV_PI / 180.0)) return false;
    // Spread across the line: characters of height h give a standard deviation of about h / sqrt(12).
    double sum = 0;
    int count = 0;
    for (int y = 0; y < edges.rows; ++y) {
        const auto* e = edges.ptr<uchar>(y);
        for (int x = 0; x < edges.cols; ++x) {
            if (!e[x]) continue;
            const double d = y - (my + slope * (x - mx));
            sum += d * d;
            ++count;
        }
    }
    const double sigma = std::sqrt(sum / std::max(1, count));
    const float half = static_cast<float>(std::clamp(sigma * 3.46 / 0.64 / 2, edges.rows * 0.2, edges.rows * 0.6));
    const float w = static_cast<float>(edges.cols);
    const float left = static_cast<float>(my - slope * mx), right = static_cast<float>(my + slope * (w - mx));
    out = Region(cv::RotatedRect(cv::Point2f(w / 2, static_cast<float>(my)), cv::Size2f(w, 2 * half), 0.0f), SP_COLOR_UNKNOWN, 0.99f);
    // A quad that shears the line level; straighten() adds the reader's margins.
    out.quad[0] = {0, left - half};
    out.quad[1] = {w, right - half};
    out.quad[2] = {w, right + half};
    out.quad[3] = {0, left + half};
    for (auto& q : out.quad) q = (q - cv::Point2f(w / 2, static_cast<float>(my))) * (1 / 1.06f) + cv::Point2f(w / 2, static_cast<float>(my));
    out.has_quad = true;
    return true;
}

int classify_color(const cv::Mat& crop_bgr) {
    if (crop_bgr.empty()) return SP_COLOR_UNKNOWN;
    cv::Mat hsv;
    cv::cvtColor(crop_bgr, hsv, cv::COLOR_BGR2HSV);
    int counts[6] = {0, 0, 0, 0, 0, 0};
    for (int y = 0; y < hsv.rows; ++y) {
        const auto* p = hsv.ptr<cv::Vec3b>(y);
        for (int x = 0; x < hsv.cols; ++x) {
            const int h = p[x][0], s = p[x][1], v = p[x][2];
            if (v < 60) counts[SP_COLOR_BLACK]++;
            else if (s < 45 && v > 150) counts[SP_COLOR_WHITE]++;
            else if (s >= 60 && h >= 95 && h <= 130) counts[SP_COLOR_BLUE]++;
            else if (s >= 70 && h >= 11 && h <= 34) counts[SP_COLOR_YELLOW]++;
            else if (s >= 35 && h >= 35 && h <= 90) counts[SP_COLOR_GREEN]++;
        }
    }
    // Ink covers a third of a plate; the background colour is the most frequent chromatic one, white/black last.
    const int total = hsv.rows * hsv.cols;
    int best = SP_COLOR_UNKNOWN, best_count = 0;
    for (int c : {SP_COLOR_BLUE, SP_COLOR_YELLOW, SP_COLOR_GREEN}) {
        if (counts[c] > best_count) { best = c; best_count = counts[c]; }
    }
    if (best_count > total / 5) return best;
    if (counts[SP_COLOR_WHITE] >= counts[SP_COLOR_BLACK] && counts[SP_COLOR_WHITE] > total / 4) return SP_COLOR_WHITE;
    if (counts[SP_COLOR_BLACK] > total / 3) return SP_COLOR_BLACK;
    return best_count > total / 10 ? best : SP_COLOR_UNKNOWN;
}

cv::Mat straighten(const cv::Mat& bgr, const Region& region, cv::Size size, cv::Point2f corners[4]) {
    if (region.has_quad) {
        // Widen along the quad's own axes, solved in its (possibly sheared) basis.
        const cv::Point2f* q = region.quad;
        const cv::Point2f c = (q[0] + q[1] + q[2] + q[3]) * 0.25f;
        const cv::Point2f u = (q[1] - q[0] + q[2] - q[3]) * 0.5f, v = (q[3] - q[0] + q[2] - q[1]) * 0.5f;
        const float det = u.x * v.y - u.y * v.x;
        for (int k = 0; k < 4; ++k) {
            const cv::Point2f d = q[k] - c;
            const float a = std::abs(det) > 1e-3f ? (d.x * v.y - d.y * v.x) / det : 0.0f;
            const float b = std::abs(det) > 1e-3f ? (u.x * d.y - u.y * d.x) / det : 0.0f;
            corners[k] = c + u * (a * 1.06f) + v * (b * 1.18f);
        }
    } else {
        cv::RotatedRect r = region.rect;
        r.size.width *= 1.06f;
        r.size.height *= 1.18f;
        // Corners tl, tr, br, bl along the rect's own axes (the rect is normalised: width is the long side).
        const float a = r.angle * static_cast<float>(CV_PI / 180.0);
        const cv::Point2f ux(std::cos(a) * r.size.width / 2, std::sin(a) * r.size.width / 2);
        const cv::Point2f uy(-std::sin(a) * r.size.height / 2, std::cos(a) * r.size.height / 2);
        corners[0] = r.center - ux - uy;
        corners[1] = r.center + ux - uy;
        corners[2] = r.center + ux + uy;
        corners[3] = r.center - ux + uy;
    }
    return warp_quad(bgr, corners, size);
}

cv::Mat warp_quad(const cv::Mat& bgr, const cv::Point2f corners[4], cv::Size size) {
    const cv::Point2f dst[4] = {{0, 0}, {static_cast<float>(size.width), 0},
                                {static_cast<float>(size.width), static_cast<float>(size.height)},
                                {0, static_cast<float>(size.height)}};
    cv::Mat out;
    cv::warpPerspective(bgr, out, cv::getPerspectiveTransform(corners, dst), size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return out;
}

}  // namespace sp
